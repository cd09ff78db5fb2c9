import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/public.decorator';
import { Actor } from '../../../platform/kernel/actor';
import { DomainError } from '../../../platform/kernel/domain-error';
import { ApplicationsService } from '../../../features/applications/applications.service';
import { TransitionsService } from '../../../features/applications/transitions.service';
import { CLIENT_TRANSITIONS, type Action } from '../../../features/applications/voucher-lifecycle';
import { DocumentsService } from '../../../features/documents/documents.service';
import { ProgrammesService } from '../../../features/programmes/programmes.service';
import { parseMoney } from '../apply/apply-form';
import { fill, Speech } from '../i18n/i18n';
import { attachment } from '../../../platform/http/content-disposition';
import { PageErrorFilter } from '../http/page-error.filter';
import { refusedFields, reasonShown } from '../http/transition-input';
import { NeedsLogin, PageGuard } from '../http/page.guard';
import { PageKit } from '../http/page-kit.service';
import type { PageReply, PageRequest } from '../http/page-state';
import { seeOther, sendPage } from '../http/render';
import { OfficerApplicationPage } from '../views/officer-application';
import { ActionInput, grantRange, officerApplicationModel } from './officer-models';

const ROUTE = '/officer/applications/:id';
const DOCUMENTS_ROUTE = '/officer/applications/:id/documents';
const DOCUMENT_ROUTE = '/officer/applications/:id/documents/:documentId';

/** Refusals that mean "the application changed under you": the page again with its current state. */
const STALE = new Set(['version-mismatch', 'illegal-transition', 'conflict']);

/**
 * One application as a fund officer (or an admin, read-only) sees it, and the lifecycle's
 * steps as forms: the same use cases, access policy and table as the JSON API. Each form
 * carries the version the officer saw (If-Match): a form sent after someone else acted brings
 * the page back with the current state and a clear message, never an error page.
 */
@ApiExcludeController()
@Public()
@Controller('officer/applications')
@UseGuards(PageGuard)
@UseFilters(PageErrorFilter)
@NeedsLogin('officer', 'admin')
export class OfficerApplicationController {
  constructor(
    private readonly kit: PageKit,
    private readonly applications: ApplicationsService,
    private readonly transitions: TransitionsService,
    private readonly programmes: ProgrammesService,
    private readonly documents: DocumentsService,
  ) {}

  private actor(request: PageRequest): Actor {
    return request.page!.session!.actor;
  }

  private async render(
    request: PageRequest,
    reply: PageReply,
    id: string,
    status: number,
    extra: { input?: ActionInput; notice?: string | null; stale?: boolean; use?: string },
  ) {
    const actor = this.actor(request);
    const frame = this.kit.frame(request);
    const application = await this.applications.read(actor, id, ROUTE);
    // Fresh, not cached: the budget and its counters are shown.
    const programme = (await this.programmes.byId(application.programmeId))!;
    const [history, allowed, withheld, documents] = await Promise.all([
      this.applications.historyOf(application),
      this.applications.allowedActions(actor, [application], [programme]),
      this.applications.withheldActions(actor, application, programme),
      this.documents.list(actor, application.id, DOCUMENTS_ROUTE),
    ]);
    const model = officerApplicationModel(
      { actor, application, programme, history, allowed: allowed.get(application.id)!, withheld, documents },
      frame.speech,
      extra,
    );
    sendPage(reply, status, OfficerApplicationPage({ frame, model }));
  }

  @Get(':id')
  async show(@Param('id') id: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const query = request.query as Record<string, unknown>;
    const done = typeof query.done === 'string' ? query.done : '';
    const words = this.kit.frame(request).speech.t.officer.application.done as Record<string, string>;
    await this.render(request, reply, id, 200, {
      notice: words[done] ?? null,
      use: typeof query.use === 'string' ? query.use.slice(0, 40) : undefined,
    });
  }

  @Post(':id')
  async act(@Param('id') id: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const actor = this.actor(request);
    const s = this.kit.frame(request).speech;
    const form = request.body as Record<string, unknown>;
    const action = form.action as Action;
    if (typeof form.action !== 'string' || !(CLIENT_TRANSITIONS as string[]).includes(action)) {
      // Not a form of ours: seen first, so a stranger learns nothing; then the page as it is.
      await this.applications.getVisible(actor, id);
      return this.render(request, reply, id, 400, {});
    }
    const text = (value: unknown) => (typeof value === 'string' ? value.split('\u0000').join('') : '');
    const input: ActionInput = {
      action,
      reason: text(form.reason),
      amount: text(form.amount).slice(0, 40),
      errors: [],
    };
    const e = s.t.officer.errors;
    const parsed = action === 'grant' ? parseMoney(input.amount) : undefined;
    const amountCents = typeof parsed === 'number' ? parsed : undefined;
    // What the API's TransitionDto refuses, the page refuses too (the lifecycle judges the rest).
    const refused = refusedFields({ reason: input.reason, amountCents });
    if (refused.has('reason')) {
      input.errors.push({ field: 'reason', message: e.reasonTooLong });
      input.reason = reasonShown(input.reason);
    }
    if (action === 'grant' && (amountCents === undefined || refused.has('amountCents'))) {
      input.errors.push({ field: 'amount', message: e.amount });
    }
    const version = typeof form.version === 'string' && /^\d{1,9}$/.test(form.version) ? form.version : null;
    if (input.errors.length > 0) return this.render(request, reply, id, 400, { input });
    try {
      const reason = input.reason.trim() === '' ? undefined : input.reason.trim();
      // No version in the form (an old page): the lifecycle still refuses what is no longer possible.
      await this.transitions.transition(
        actor,
        id,
        action,
        { reason, amountCents },
        version ? `"${version}"` : undefined,
        ROUTE,
      );
      seeOther(reply, `/officer/applications/${id}?done=${action}`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'not-found' || error.code === 'forbidden') throw error;
      if (STALE.has(error.code)) return this.render(request, reply, id, 409, { stale: true });
      input.errors.push(await this.problemOf(actor, id, error, s));
      return this.render(request, reply, id, error.code === 'invalid-request' ? 400 : 422, { input });
    }
  }

  /** A domain refusal as a form error on the field it is about. */
  private async problemOf(
    actor: Actor,
    id: string,
    error: DomainError,
    s: Speech,
  ): Promise<ActionInput['errors'][number]> {
    const e = s.t.officer.errors as Record<string, string>;
    switch (error.code) {
      case 'reason-required':
        return { field: 'reason', message: e.reason };
      case 'amount-out-of-range': {
        const application = await this.applications.getVisible(actor, id);
        const programme = (await this.programmes.byId(application.programmeId))!;
        const range = grantRange(programme, application);
        return {
          field: 'amount',
          message: fill(e['amount-out-of-range'], { min: s.money(range.min), max: s.money(range.max) }),
        };
      }
      case 'budget-exhausted':
        return { field: 'amount', message: e['budget-exhausted'] };
      case 'invalid-request': {
        const field = error.invalidParams[0]?.name === 'amountCents' ? 'amount' : 'reason';
        return { field, message: field === 'amount' ? e.amount : e.reason };
      }
      default:
        return { field: 'form', message: e[error.code] ?? e.unknown };
    }
  }

  /** A document's bytes, once its scan came back clean: the same check and log as the API. */
  @Get(':id/documents/:documentId')
  async download(
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @Req() request: PageRequest,
    @Res() reply: PageReply,
  ) {
    const { document, bytes } = await this.documents.content(this.actor(request), id, documentId, DOCUMENT_ROUTE);
    void reply
      .header('content-type', document.contentType)
      .header('content-disposition', attachment(document.fileName))
      .header('content-length', String(bytes.length))
      .header('cache-control', 'no-store')
      .send(bytes);
  }
}
