import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/public.decorator';
import { Actor } from '../../../platform/kernel/actor';
import { ApplicationDrafts, Draft } from '../../../features/applications/application-drafts.service';
import { SubmitApplicationDto } from '../../../features/applications/application.dto';
import { ApplicationsService } from '../../../features/applications/applications.service';
import { programmeStatus } from '../../../features/programmes/programme-status';
import { Programme } from '../../../features/programmes/programme.entity';
import { ProgrammesService } from '../../../features/programmes/programmes.service';
import {
  Answers,
  answersFrom,
  bodyFrom,
  fieldId,
  firstIncomplete,
  invalidFields,
  isStep,
  Step,
  STEP_FIELDS,
  stepsFor,
} from '../apply/apply-form';
import type { Speech } from '../i18n/i18n';
import { PageErrorFilter } from '../http/page-error.filter';
import { NeedsLogin, PageGuard, PageRefusal } from '../http/page.guard';
import { PageKit } from '../http/page-kit.service';
import type { PageReply, PageRequest } from '../http/page-state';
import { seeOther, sendPage } from '../http/render';
import { CheckPage, CheckRow, QuestionPage } from '../views/apply-pages';
import { TextPage } from '../views/text-page';
import { refusalText } from './refusals';

/**
 * The apply form: a question page per topic, a check-your-answers page, and the send. Answers
 * are saved in the applicant's draft at every step; the send goes through the same use case as
 * POST /api/v1/applications, with the draft's id as idempotency key, so sending twice (double
 * click, back button, retry) makes one application.
 */
@ApiExcludeController()
@Public()
@Controller('apply')
@UseGuards(PageGuard)
@UseFilters(PageErrorFilter)
@NeedsLogin('applicant')
export class ApplyController {
  constructor(
    private readonly kit: PageKit,
    private readonly programmes: ProgrammesService,
    private readonly drafts: ApplicationDrafts,
    private readonly applications: ApplicationsService,
  ) {}

  private async openProgramme(code: string): Promise<Programme> {
    if (!/^[a-z0-9-]{1,40}$/.test(code)) throw new PageRefusal('not-found');
    const programme = await this.programmes.get(code).catch(() => null);
    if (!programme) throw new PageRefusal('not-found');
    return programme;
  }

  private actor(request: PageRequest): Actor {
    return request.page!.session!.actor;
  }

  /** Picks up where the applicant left off: the first question not yet answered well, else the check page. */
  @Get(':code')
  async resume(@Param('code') code: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const programme = await this.openProgramme(code);
    const draft = await this.drafts.open(this.actor(request).id, programme.code);
    const step = firstIncomplete(programme.code, draft.answers, request.page!.speech.lang);
    seeOther(reply, `/apply/${programme.code}/${step ?? 'check'}`);
  }

  @Get(':code/check')
  async check(@Param('code') code: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const programme = await this.openProgramme(code);
    const draft = await this.drafts.open(this.actor(request).id, programme.code);
    this.renderCheck(request, reply, programme, draft, false, null);
  }

  @Post(':code/check')
  async submit(@Param('code') code: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const programme = await this.openProgramme(code);
    const actor = this.actor(request);
    const posted = (request.body as Record<string, unknown>).draft;
    // Sent before (a second click, the back button, a retry): show what the first send made.
    const earlier = typeof posted === 'string' ? await this.drafts.byId(actor.id, posted) : null;
    if (earlier?.submittedApplicationId) return seeOther(reply, `/applications/${earlier.submittedApplicationId}`);
    const draft = earlier ?? (await this.drafts.open(actor.id, programme.code));
    const lang = request.page!.speech.lang;
    const body = bodyFrom(programme.code, draft.answers, lang);
    if (invalidFields(body).size > 0) return this.renderCheck(request, reply, programme, draft, true, null);
    try {
      const { application } = await this.applications.submit(
        actor,
        body as unknown as SubmitApplicationDto,
        `web-draft:${draft.id}`,
      );
      await this.drafts.markSubmitted(actor.id, draft.id, application.id);
      seeOther(reply, `/applications/${application.id}?sent=1`);
    } catch (error) {
      const refusal = refusalText(error, request.page!.speech);
      if (refusal === null) throw error;
      this.renderCheck(request, reply, programme, draft, true, refusal);
    }
  }

  @Get(':code/:step')
  async question(
    @Param('code') code: string,
    @Param('step') step: string,
    @Req() request: PageRequest,
    @Res() reply: PageReply,
  ) {
    if (!isStep(step)) throw new PageRefusal('not-found');
    const programme = await this.openProgramme(code);
    const draft = await this.drafts.open(this.actor(request).id, programme.code);
    const returnToCheck = (request.query as Record<string, unknown>).return === 'check';
    this.renderQuestion(request, reply, 200, programme, draft.answers, step, {}, returnToCheck);
  }

  @Post(':code/:step')
  async answer(
    @Param('code') code: string,
    @Param('step') step: string,
    @Req() request: PageRequest,
    @Res() reply: PageReply,
  ) {
    if (!isStep(step)) throw new PageRefusal('not-found');
    const programme = await this.openProgramme(code);
    const actor = this.actor(request);
    const draft = await this.drafts.open(actor.id, programme.code);
    const form = request.body as Record<string, unknown>;
    const { answers, unreadable } = answersFrom(form, step);
    // Kept as typed, right or wrong: the applicant finds them again, also after logging in anew.
    await this.drafts.save(actor.id, draft.id, answers);
    const all = { ...draft.answers, ...answers };
    const lang = request.page!.speech.lang;
    const invalid = invalidFields(bodyFrom(programme.code, all, lang));
    const wrong = STEP_FIELDS[step].filter((f) => invalid.has(f) || unreadable.includes(f));
    const returnToCheck = form.return === 'check';
    if (wrong.length > 0) {
      const texts = request.page!.speech.t.errors as Record<string, string>;
      const errors = Object.fromEntries(wrong.map((f) => [f, texts[f] ?? texts.unknown]));
      return this.renderQuestion(request, reply, 400, programme, all, step, errors, returnToCheck);
    }
    const steps = stepsFor(all);
    const next = steps[steps.indexOf(step) + 1];
    seeOther(reply, `/apply/${programme.code}/${returnToCheck || !next ? 'check' : next}`);
  }

  private renderQuestion(
    request: PageRequest,
    reply: PageReply,
    status: number,
    programme: Programme,
    answers: Answers,
    step: Step,
    errors: Record<string, string>,
    returnToCheck: boolean,
  ) {
    const frame = this.kit.frame(request);
    if (programmeStatus(programme) !== 'open') {
      const t = frame.speech.t;
      return sendPage(reply, 409, TextPage({ frame, title: programme.name, paragraphs: [t.apply.closed] }));
    }
    const steps = stepsFor(answers);
    const index = Math.max(steps.indexOf(step), 0);
    const backHref = returnToCheck
      ? `/apply/${programme.code}/check`
      : index === 0
        ? '/'
        : `/apply/${programme.code}/${steps[index - 1]}`;
    sendPage(
      reply,
      status,
      QuestionPage({
        frame,
        model: {
          programme,
          step,
          stepNumber: index + 1,
          stepCount: steps.length,
          answers,
          errors,
          backHref,
          returnToCheck,
          targetGroups: programme.targetGroups,
          trainingKinds: programme.trainingKinds,
        },
      }),
    );
  }

  private renderCheck(
    request: PageRequest,
    reply: PageReply,
    programme: Programme,
    draft: Draft,
    refused: boolean,
    refusal: string | null,
  ) {
    const frame = this.kit.frame(request);
    const s = frame.speech;
    const invalid = invalidFields(bodyFrom(programme.code, draft.answers, s.lang));
    const rows = checkRows(programme, draft.answers, s);
    const texts = s.t.errors as Record<string, string>;
    const errors = rows
      .flatMap((section) => section.rows)
      .filter((row) => invalid.has(row.field))
      .map((row) => ({ target: fieldId(row.field), message: texts[row.field] ?? texts.unknown, href: row.href }));
    sendPage(
      reply,
      refused ? (refusal ? 422 : 400) : 200,
      CheckPage({
        frame,
        model: {
          programme,
          draftId: draft.id,
          sections: rows,
          errors,
          refusal,
        },
      }),
    );
  }
}

/** The check-your-answers rows: each question, its answer in words, and the page to change it on. */
function checkRows(
  programme: Programme,
  answers: Answers,
  s: Speech,
): { title: string; rows: (CheckRow & { field: string })[] }[] {
  const a = s.t.apply;
  const v = s.t.vocabulary;
  const shown = (field: string, words?: Record<string, string>) => {
    const raw = answers[field] ?? '';
    return words ? (words[raw] ?? raw) : raw;
  };
  const row = (step: Step, field: string, question: string, words?: Record<string, string>) => ({
    field,
    question,
    answer: shown(field, words) || (field === 'motivation' ? '–' : ''),
    href: `/apply/${programme.code}/${step}?return=check#${fieldId(field)}`,
  });
  const employee = answers['applicant.targetGroup'] === 'employee';
  return [
    {
      title: a.check.aboutYou,
      rows: [
        row('personal', 'applicant.name', a.personal.name),
        row('personal', 'applicant.email', a.personal.email),
        row('personal', 'applicant.postcode', a.personal.postcode),
        row('personal', 'applicant.dateOfBirth', a.personal.dateOfBirth),
        row('personal', 'applicant.gender', a.personal.gender, v.gender),
        row('situation', 'applicant.targetGroup', a.situation.title, v.targetGroup),
        ...(employee
          ? [
              row('employer', 'employer.name', a.employer.name),
              row('employer', 'employer.kvkNumber', a.employer.kvkNumber),
              row('employer', 'employer.postcode', a.employer.postcode),
            ]
          : []),
      ],
    },
    {
      title: a.check.training,
      rows: [
        row('training', 'training.provider', a.training.provider),
        row('training', 'training.title', a.training.trainingTitle),
        row('training', 'training.kind', a.training.kind, v.trainingKind),
        row('training', 'training.startsOn', a.training.startsOn),
        row('training', 'training.endsOn', a.training.endsOn),
        row('training', 'training.costCents', a.training.cost),
      ],
    },
    {
      title: a.check.request,
      rows: [
        row('amount', 'requestedAmountCents', a.amount.amount),
        row('amount', 'motivation', a.amount.motivation),
        row('consent', 'applicant.publicityConsent', a.consent.title, { yes: a.yes, no: a.no }),
      ],
    },
  ];
}
