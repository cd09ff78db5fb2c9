import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/public.decorator';
import { CreateProgrammeDto } from '../../../features/programmes/programme.dto';
import { Programme } from '../../../features/programmes/programme.entity';
import { programmeStatus } from '../../../features/programmes/programme-status';
import { ProgrammesService } from '../../../features/programmes/programmes.service';
import { dutchDate } from '../../../platform/kernel/dates';
import {
  changedOnly,
  FORM_FIELDS,
  invalidProgrammeFields,
  newProgrammeAnswers,
  ProgrammeAnswers,
  programmeAnswersFrom,
  programmeAnswersOf,
  programmeBodyFrom,
  programmeFieldId,
  REASON_TEXT_FIELDS,
  refusedFields,
} from '../admin/programme-form';
import { PageErrorFilter } from '../http/page-error.filter';
import { NeedsLogin, PageGuard, PageRefusal } from '../http/page.guard';
import { PageKit } from '../http/page-kit.service';
import type { PageReply, PageRequest } from '../http/page-state';
import { seeOther, sendPage } from '../http/render';
import { fill } from '../i18n/i18n';
import { AdminProgrammesPage, ProgrammeFormPage } from '../views/admin-programmes';

const CODE = /^[a-z0-9][a-z0-9-]{1,39}$/;

/**
 * Programme administration for admins: the list, a new programme, a change. The form is judged
 * by the API's DTOs and saved through ProgrammesService.create / update, as POST and PATCH
 * /api/v1/programmes do; whatever either refuses comes back as the form with a message per field.
 * (The queue dashboard lives at /admin/queues; these pages stay under /admin/programmes.)
 */
@ApiExcludeController()
@Public()
@Controller('admin/programmes')
@UseGuards(PageGuard)
@UseFilters(PageErrorFilter)
@NeedsLogin('admin')
export class AdminProgrammesController {
  constructor(
    private readonly kit: PageKit,
    private readonly programmes: ProgrammesService,
  ) {}

  @Get()
  async list(@Req() request: PageRequest, @Res() reply: PageReply) {
    const frame = this.kit.frame(request);
    const query = request.query as Record<string, unknown>;
    const all = await this.programmes.list();
    const named = (code: unknown) => all.find((p) => p.code === code)?.name;
    const a = frame.speech.t.admin.list;
    const notice = named(query.created)
      ? fill(a.created, { name: named(query.created)! })
      : named(query.saved)
        ? fill(a.saved, { name: named(query.saved)! })
        : null;
    sendPage(
      reply,
      200,
      AdminProgrammesPage({
        frame,
        notice,
        programmes: all.map((p) => ({
          code: p.code,
          name: p.name,
          province: p.province,
          status: programmeStatus(p),
          opensOn: dutchDate(p.opensAt),
          closesOn: dutchDate(p.closesAt),
          budgetCents: p.budgetCents,
        })),
      }),
    );
  }

  @Get('new')
  create(@Req() request: PageRequest, @Res() reply: PageReply) {
    this.renderForm(request, reply, 200, null, newProgrammeAnswers(), {});
  }

  @Post('new')
  async created(@Req() request: PageRequest, @Res() reply: PageReply) {
    const answers = programmeAnswersFrom(request.body as Record<string, unknown>);
    const body = programmeBodyFrom(answers, false);
    const invalid = invalidProgrammeFields(body, false);
    if (invalid.size > 0)
      return this.refuse(
        request,
        reply,
        null,
        answers,
        [...invalid].map((f) => [f, f]),
      );
    try {
      const programme = await this.programmes.create(body as unknown as CreateProgrammeDto);
      seeOther(reply, `/admin/programmes?created=${encodeURIComponent(programme.code)}`);
    } catch (error) {
      const refused = refusedFields(error);
      if (!refused) throw error;
      this.refuse(
        request,
        reply,
        null,
        answers,
        refused.map((r) => [r.field, r.message]),
      );
    }
  }

  @Get(':code')
  async edit(@Param('code') code: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const programme = await this.existing(code);
    this.renderForm(request, reply, 200, programme, programmeAnswersOf(programme, request.page!.speech.lang), {});
  }

  @Post(':code')
  async saved(@Param('code') code: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const programme = await this.existing(code);
    const answers = { ...programmeAnswersFrom(request.body as Record<string, unknown>), code: programme.code };
    const shown = programmeAnswersOf(programme, request.page!.speech.lang);
    const body = changedOnly(programmeBodyFrom(answers, true), answers, shown);
    const invalid = invalidProgrammeFields(body, true);
    if (invalid.size > 0)
      return this.refuse(
        request,
        reply,
        programme,
        answers,
        [...invalid].map((f) => [f, f]),
      );
    try {
      if (Object.keys(body).length > 0) await this.programmes.update(programme.code, body);
      seeOther(reply, `/admin/programmes?saved=${encodeURIComponent(programme.code)}`);
    } catch (error) {
      const refused = refusedFields(error);
      if (!refused) throw error;
      // Read again: the counters may have moved since (a grant meanwhile).
      this.refuse(
        request,
        reply,
        await this.existing(code),
        answers,
        refused.map((r) => [r.field, r.message]),
      );
    }
  }

  private async existing(code: string): Promise<Programme> {
    const programme = CODE.test(code) ? await this.programmes.byCode(code) : null;
    if (!programme) throw new PageRefusal('not-found');
    return programme;
  }

  /** The form again, each refused field with its message (in the form's order), answers kept. */
  private refuse(
    request: PageRequest,
    reply: PageReply,
    programme: Programme | null,
    answers: ProgrammeAnswers,
    fields: [string, string][],
  ) {
    const t = request.page!.speech.t;
    const texts: Record<string, string> = {
      ...t.admin.errors,
      ...Object.fromEntries(REASON_TEXT_FIELDS.map((field) => [field, t.reasonTexts.error])),
    };
    const unknown = request.page!.speech.t.errors.unknown;
    const errors: Record<string, string> = {};
    for (const field of FORM_FIELDS) {
      const hit = fields.find(([f]) => f === field);
      if (hit) errors[field] = texts[hit[1]] ?? texts[field] ?? unknown;
    }
    for (const [field, key] of fields) if (!(field in errors)) errors[field] = texts[key] ?? unknown;
    this.renderForm(request, reply, 400, programme, answers, errors);
  }

  private renderForm(
    request: PageRequest,
    reply: PageReply,
    status: number,
    programme: Programme | null,
    answers: ProgrammeAnswers,
    errors: Record<string, string>,
  ) {
    const frame = this.kit.frame(request);
    sendPage(
      reply,
      status,
      ProgrammeFormPage({
        frame,
        model: {
          editing: programme
            ? {
                code: programme.code,
                name: programme.name,
                committedCents: programme.committedCents,
                spentCents: programme.spentCents,
              }
            : null,
          answers,
          errors: Object.entries(errors).map(([field, message]) => ({
            field,
            target: programmeFieldId(field),
            message,
          })),
        },
      }),
    );
  }
}
