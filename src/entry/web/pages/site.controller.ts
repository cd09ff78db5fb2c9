import { Controller, Get, Param, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/public.decorator';
import { dutchDate } from '../../../platform/kernel/dates';
import { programmeStatus } from '../../../features/programmes/programme-status';
import { ProgrammesService } from '../../../features/programmes/programmes.service';
import { PageErrorFilter } from '../http/page-error.filter';
import { PageGuard, PageRefusal } from '../http/page.guard';
import { PageKit } from '../http/page-kit.service';
import type { PageReply, PageRequest } from '../http/page-state';
import { sendPage } from '../http/render';
import { StartPage } from '../views/start-page';
import { TextPage } from '../views/text-page';

/** The start page, the pages every footer links to, and the stylesheet and script. */
@ApiExcludeController()
@Public()
@Controller()
@UseGuards(PageGuard)
@UseFilters(PageErrorFilter)
export class SiteController {
  constructor(
    private readonly kit: PageKit,
    private readonly programmes: ProgrammesService,
  ) {}

  @Get()
  async start(@Req() request: PageRequest, @Res() reply: PageReply) {
    const open = (await this.programmes.list()).filter((p) => programmeStatus(p) === 'open');
    const programmes = open.map((p) => ({
      code: p.code,
      name: p.name,
      funders: p.funders,
      targetGroups: p.targetGroups,
      minAmountCents: p.minAmountCents,
      maxAmountCents: p.maxAmountCents,
      maxCoFundingPercent: p.maxCoFundingPercent,
      opensOn: dutchDate(p.opensAt),
      closesOn: dutchDate(p.closesAt),
      postcodeRanges: p.region.postcodeRanges,
    }));
    const frame = this.kit.frame(request);
    const staff = frame.user !== null && frame.user.role !== 'applicant';
    sendPage(
      reply,
      200,
      StartPage({ frame, programmes, notice: staff ? frame.speech.t.login.staffNotice : undefined }),
    );
  }

  @Get('toegankelijkheid')
  accessibility(@Req() request: PageRequest, @Res() reply: PageReply) {
    const frame = this.kit.frame(request);
    const p = frame.speech.t.pages;
    sendPage(reply, 200, TextPage({ frame, title: p.accessibilityTitle, paragraphs: p.accessibility }));
  }

  @Get('privacy')
  privacy(@Req() request: PageRequest, @Res() reply: PageReply) {
    const frame = this.kit.frame(request);
    const p = frame.speech.t.pages;
    sendPage(reply, 200, TextPage({ frame, title: p.privacyTitle, paragraphs: p.privacy }));
  }

  @Get('contact')
  contact(@Req() request: PageRequest, @Res() reply: PageReply) {
    const frame = this.kit.frame(request);
    const p = frame.speech.t.pages;
    sendPage(reply, 200, TextPage({ frame, title: p.contactTitle, paragraphs: p.contact }));
  }
}

/** The stylesheet and script under their content hash: the same name is always the same bytes. */
@ApiExcludeController()
@Public()
@Controller('assets')
export class AssetsController {
  constructor(private readonly kit: PageKit) {}

  @Get(':file')
  @UseFilters(PageErrorFilter)
  asset(@Param('file') file: string, @Res() reply: PageReply) {
    const asset = Object.values(this.kit.assets).find((a) => a.path === `/assets/${file}`);
    if (!asset) throw new PageRefusal('not-found');
    void reply
      .header('content-type', asset.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(asset.body);
  }
}
