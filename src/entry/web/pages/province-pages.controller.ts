import { Controller, Get, Param, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/public.decorator';
import { csvDownloadHeaders } from '../../../platform/http/content-negotiation';
import { MilestonesService } from '../../../features/milestones/milestones.service';
import { ProgrammesService } from '../../../features/programmes/programmes.service';
import { reportCsvFile } from '../../../features/reports/report-csv';
import { ReportsService } from '../../../features/reports/reports.service';
import { PageErrorFilter } from '../http/page-error.filter';
import { NeedsLogin, PageGuard } from '../http/page.guard';
import { PageKit } from '../http/page-kit.service';
import type { PageReply, PageRequest } from '../http/page-state';
import { seeOther, sendPage } from '../http/render';
import type { Speech } from '../i18n/i18n';
import { DashboardPage, MilestonesPage, ProvinceIndexPage, ProvinceOverviewPage } from '../views/province-pages';

const provinceName = (s: Speech, code: string) => (s.t.province.provinces as Record<string, string>)[code] ?? code;

/** A report's CSV download, as the API answers `Accept: text/csv`: the same bytes, name and caching. */
function sendCsv(reply: PageReply, { filename, body }: { filename: string; body: string }): void {
  void reply.status(200).headers(csvDownloadHeaders(filename)).send(body);
}

/**
 * The pages of provincial staff (and admins): a programme's dashboard and milestones, and the
 * province's programmes side by side. Each calls the report and milestone use cases of the
 * JSON API with the session's actor, so the access policy, the small-cell suppression and the
 * access log are the API's own; what the actor may not see is a 404, as in the API.
 */
@ApiExcludeController()
@Public()
@Controller('province')
@UseGuards(PageGuard)
@UseFilters(PageErrorFilter)
@NeedsLogin('provincial', 'admin')
export class ProvincePagesController {
  constructor(
    private readonly kit: PageKit,
    private readonly reports: ReportsService,
    private readonly milestones: MilestonesService,
    private readonly programmes: ProgrammesService,
  ) {}

  /** Provincial staff go to their province; admins choose one. */
  @Get()
  async index(@Req() request: PageRequest, @Res() reply: PageReply) {
    const actor = request.page!.session!.actor;
    if (actor.role === 'provincial' && actor.province)
      return seeOther(reply, `/province/${actor.province.toUpperCase()}`);
    const frame = this.kit.frame(request);
    const codes = [...new Set((await this.programmes.list()).map((p) => p.province))].sort();
    sendPage(
      reply,
      200,
      ProvinceIndexPage({ frame, provinces: codes.map((code) => ({ code, name: provinceName(frame.speech, code) })) }),
    );
  }

  @Get('programmes/:code')
  async dashboard(@Param('code') code: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const report = await this.reports.programmeReport(request.page!.session!.actor, code);
    const frame = this.kit.frame(request);
    sendPage(
      reply,
      200,
      DashboardPage({ frame, model: { report, provinceName: provinceName(frame.speech, report.programme.province) } }),
    );
  }

  @Get('programmes/:code/report.csv')
  async programmeCsv(@Param('code') code: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const report = await this.reports.programmeReport(request.page!.session!.actor, code);
    sendCsv(reply, reportCsvFile(report));
  }

  @Get('programmes/:code/milestones')
  async milestonesPage(@Param('code') code: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const actor = request.page!.session!.actor;
    // The report first: it refuses (404) whoever may not see the programme, before any name is read.
    const report = await this.reports.programmeReport(actor, code);
    const { items } = await this.milestones.list(actor, code, '/province/programmes/:code/milestones');
    sendPage(reply, 200, MilestonesPage({ frame: this.kit.frame(request), model: { report, items } }));
  }

  @Get(':province')
  async overview(@Param('province') province: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const report = await this.reports.provinceReport(request.page!.session!.actor, province);
    const frame = this.kit.frame(request);
    sendPage(
      reply,
      200,
      ProvinceOverviewPage({ frame, model: { report, provinceName: provinceName(frame.speech, report.province) } }),
    );
  }

  @Get(':province/report.csv')
  async provinceCsv(@Param('province') province: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const report = await this.reports.provinceReport(request.page!.session!.actor, province);
    sendCsv(reply, reportCsvFile(report));
  }
}
