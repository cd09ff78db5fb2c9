import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/public.decorator';
import { Actor } from '../../../platform/kernel/actor';
import { ApplicationDrafts } from '../../../features/applications/application-drafts.service';
import { ApplicationsService } from '../../../features/applications/applications.service';
import { TransitionsService } from '../../../features/applications/transitions.service';
import { DocumentsService } from '../../../features/documents/documents.service';
import { NotificationsService } from '../../../features/notifications/notifications.service';
import { ProgrammeCache } from '../../../features/programmes/programme-cache.service';
import { ProgrammesService } from '../../../features/programmes/programmes.service';
import { PersonalDataExportService } from '../../../features/privacy/personal-data-export.service';
import { personalDataDocument, personalDataFileName } from '../../../features/privacy/personal-data-document';
import { PageErrorFilter } from '../http/page-error.filter';
import { reasonReadable, reasonShown } from '../http/transition-input';
import { NeedsLogin, PageGuard } from '../http/page.guard';
import { PageKit } from '../http/page-kit.service';
import type { PageReply, PageRequest } from '../http/page-state';
import { seeOther, sendPage } from '../http/render';
import { ApplicationPage, MyApplicationsPage, WithdrawPage } from '../views/application-pages';
import { detailOf, summaryOf } from './application-models';
import { stepsOf } from './application-step-models';
import { refusalText } from './refusals';

/**
 * The applicant's own applications: the list, one application (timeline, eligibility, voucher,
 * decision, messages) and withdrawing it. Everything is read and done through the same use
 * cases and access policy as the JSON API: another person's application is "not found".
 */
@ApiExcludeController()
@Public()
@Controller('applications')
@UseGuards(PageGuard)
@UseFilters(PageErrorFilter)
@NeedsLogin('applicant')
export class MyApplicationsController {
  constructor(
    private readonly kit: PageKit,
    private readonly applications: ApplicationsService,
    private readonly transitions: TransitionsService,
    private readonly drafts: ApplicationDrafts,
    private readonly programmes: ProgrammesService,
    private readonly notifications: NotificationsService,
    private readonly programmeCache: ProgrammeCache,
    private readonly exports: PersonalDataExportService,
    private readonly documents: DocumentsService,
  ) {}

  private actor(request: PageRequest): Actor {
    return request.page!.session!.actor;
  }

  private async programmeNames(): Promise<Map<string, string>> {
    return new Map((await this.programmes.list()).map((p) => [p.code, p.name]));
  }

  @Get()
  async list(@Req() request: PageRequest, @Res() reply: PageReply) {
    const actor = this.actor(request);
    const frame = this.kit.frame(request);
    const [{ items }, drafts, names] = await Promise.all([
      this.applications.list(actor, { limit: 200 }, '/applications'),
      this.drafts.openOf(actor.id),
      this.programmeNames(),
    ]);
    const withdrawn = (request.query as Record<string, unknown>).withdrawn === '1';
    sendPage(
      reply,
      200,
      MyApplicationsPage({
        frame,
        model: {
          applications: items.map((a) => summaryOf(a, names.get(a.programmeCode) ?? a.programmeCode, frame.speech)),
          drafts: drafts
            .filter((d) => Object.keys(d.answers).length > 0)
            .map((d) => ({
              programmeCode: d.programmeCode,
              programmeName: names.get(d.programmeCode) ?? d.programmeCode,
            })),
          notice: withdrawn ? frame.speech.t.withdraw.done : null,
        },
      }),
    );
  }

  /** "Download my data": the same export as GET /api/v1/me/data, for the logged-in applicant. */
  @Get('my-data')
  async myData(@Req() request: PageRequest, @Res() reply: PageReply) {
    const actor = this.actor(request);
    const data = await this.exports.export(actor);
    void reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${personalDataFileName(data)}"`)
      .header('cache-control', 'no-store')
      .send(JSON.stringify(personalDataDocument(data, actor.role), null, 2));
  }

  @Get(':id')
  async one(@Param('id') id: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const actor = this.actor(request);
    const frame = this.kit.frame(request);
    // Applicants read their own here; were staff ever to read a page, the read is logged.
    const application = await this.applications.read(actor, id, '/applications/:id');
    // The programme from the cache the write path uses too; history and messages at once.
    const programme = await this.programmeCache.byCode(application.programmeCode);
    const [history, allowed, messages, documents] = await Promise.all([
      this.applications.historyOf(application),
      this.applications.allowedActions(actor, [application], programme ? [programme] : []),
      this.notifications.inboxAbout(actor.id, application.id),
      this.documents.list(actor, application.id, '/applications/:id'),
    ]);
    const query = request.query as Record<string, unknown>;
    const t = frame.speech.t;
    const done = t.awb.detail as Record<string, unknown>;
    const notice =
      query.sent === '1'
        ? `${t.apply.done.title}. ${t.apply.done.next}`
        : typeof query.done === 'string' && ['supplemented', 'proofSent', 'objected'].includes(query.done)
          ? (done[query.done] as string)
          : null;
    const actions = allowed.get(application.id)!;
    const model = {
      ...detailOf(
        application,
        programme?.name ?? application.programmeCode,
        history,
        messages,
        actions.includes('withdraw'),
        notice,
        frame.speech,
      ),
      steps: stepsOf(application, actions, documents),
    };
    sendPage(reply, 200, ApplicationPage({ frame, model }));
  }

  @Get(':id/withdraw')
  async confirmWithdraw(@Param('id') id: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const actor = this.actor(request);
    const application = await this.applications.getVisible(actor, id);
    const allowed = (await this.applications.allowedActions(actor, [application])).get(application.id)!;
    const frame = this.kit.frame(request);
    sendPage(
      reply,
      allowed.includes('withdraw') ? 200 : 409,
      WithdrawPage({
        frame,
        model: {
          id: application.id,
          reference: application.reference,
          granted: application.status === 'granted',
          reason: '',
          refusal: allowed.includes('withdraw') ? null : frame.speech.t.withdraw.notAllowed,
        },
      }),
    );
  }

  @Post(':id/withdraw')
  async withdraw(@Param('id') id: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const actor = this.actor(request);
    const form = request.body as Record<string, unknown>;
    const given = form.reason ?? '';
    if (!reasonReadable(given)) {
      // Seen first, so a stranger learns nothing: not visible is not found.
      const application = await this.applications.getVisible(actor, id);
      const frame = this.kit.frame(request);
      return sendPage(
        reply,
        400,
        WithdrawPage({
          frame,
          model: {
            id: application.id,
            reference: application.reference,
            granted: application.status === 'granted',
            reason: reasonShown(given),
            refusal: null,
            reasonError: (frame.speech.t.errors as Record<string, string>).reason,
          },
        }),
      );
    }
    const reason = given.trim() === '' ? undefined : given.trim();
    try {
      await this.transitions.transition(actor, id, 'withdraw', { reason });
      seeOther(reply, '/applications?withdrawn=1');
    } catch (error) {
      const frame = this.kit.frame(request);
      const refusal = refusalText(error, frame.speech);
      if (refusal === null) throw error;
      const application = await this.applications.getVisible(actor, id);
      sendPage(
        reply,
        409,
        WithdrawPage({
          frame,
          model: {
            id: application.id,
            reference: application.reference,
            granted: application.status === 'granted',
            reason: reason ?? '',
            refusal,
          },
        }),
      );
    }
  }
}
