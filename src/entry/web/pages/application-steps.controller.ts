import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/public.decorator';
import { AppConfig } from '../../../platform/config/app-config';
import { attachment } from '../../../platform/http/content-disposition';
import { MULTIPART_ROUTES } from '../../../platform/http/multipart';
import { Actor } from '../../../platform/kernel/actor';
import { DomainError } from '../../../platform/kernel/domain-error';
import type { Application } from '../../../features/applications/application.entity';
import { ApplicationsService } from '../../../features/applications/applications.service';
import { TransitionsService } from '../../../features/applications/transitions.service';
import { awaitsCompletionProof } from '../../../features/applications/voucher-lifecycle';
import type { DocumentKind } from '../../../features/documents/document-type';
import { checkUpload, DocumentsService } from '../../../features/documents/documents.service';
import { PAGE_FORM_FILES, PageFile, PageForm, readPageForm } from '../http/page-form';
import { PageErrorFilter } from '../http/page-error.filter';
import { reasonReadable, reasonShown } from '../http/transition-input';
import { NeedsLogin, PageGuard } from '../http/page.guard';
import { PageKit } from '../http/page-kit.service';
import type { PageReply, PageRequest } from '../http/page-state';
import { seeOther, sendPage } from '../http/render';
import { fill, Speech } from '../i18n/i18n';
import type { FieldError } from '../views/components';
import {
  InformationPage,
  ObjectionPage,
  ProofPage,
  sizeLimit,
  type InformationModel,
} from '../views/application-step-pages';
import { documentRow } from './application-step-models';
import { refusalText } from './refusals';

/** The pages whose forms carry files: multipart is taken there only, with the document size limit. */
const INFORMATION = '/applications/:id/information';
const PROOF = '/applications/:id/proof';
MULTIPART_ROUTES.add(INFORMATION);
MULTIPART_ROUTES.add(PROOF);

/**
 * The applicant's Awb steps as pages: answer an information request (text and documents) and
 * send the application back (supplement), send proof of completion, lodge an objection, and
 * download a document. Each calls the same use cases as the JSON API (`TransitionsService`,
 * `DocumentsService`) and so the same lifecycle guards and access policy: what is offered comes
 * from the lifecycle's allowed actions, a refusal from its guards, and another person's
 * application or document is "not found".
 */
@ApiExcludeController()
@Public()
@Controller('applications')
@UseGuards(PageGuard)
@UseFilters(PageErrorFilter)
@NeedsLogin('applicant')
export class ApplicationStepsController {
  constructor(
    private readonly kit: PageKit,
    private readonly applications: ApplicationsService,
    private readonly transitions: TransitionsService,
    private readonly documents: DocumentsService,
    private readonly config: AppConfig,
  ) {}

  private actor(request: PageRequest): Actor {
    return request.page!.session!.actor;
  }

  private async allows(actor: Actor, application: Application, action: 'supplement' | 'object'): Promise<boolean> {
    return (await this.applications.allowedActions(actor, [application])).get(application.id)!.includes(action);
  }

  /** A refusal of the lifecycle or the documents feature in words (the Awb pages' own first); null otherwise. */
  private refusal(error: unknown, s: Speech): string | null {
    return refusalText(error, s, s.t.awb.errors);
  }

  /** Why a form's files could not be read, in words. */
  private formProblem(problem: NonNullable<PageForm['problem']>, s: Speech): string {
    const e = s.t.awb.errors;
    if (problem.kind === 'too-large') {
      return fill(e.fileTooLarge, { name: problem.fileName, max: sizeLimit(this.config.DOCUMENT_MAX_BYTES, s.lang) });
    }
    return problem.kind === 'too-many' ? fill(e.tooManyFiles, { max: PAGE_FORM_FILES }) : e.fileUnreadable;
  }

  /**
   * What is wrong with a chosen file itself (none, empty, too large, not a PDF/PNG/JPEG by its
   * content), in words, judged by the documents feature's own check; null when it may be stored.
   */
  private fileProblem(file: PageFile | undefined, s: Speech): string | null {
    try {
      checkUpload(file?.bytes, this.config.DOCUMENT_MAX_BYTES);
      return null;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const e = s.t.awb.errors;
      const name = file?.fileName ?? '';
      if (error.code === 'document-too-large') {
        return fill(e.fileTooLarge, { name, max: sizeLimit(this.config.DOCUMENT_MAX_BYTES, s.lang) });
      }
      if (error.code === 'unsupported-document-type') return fill(e.fileType, { name });
      return file ? fill(e.fileEmpty, { name }) : e.fileMissing;
    }
  }

  /** Stores checked files through the documents feature; a refusal (access, a final state) is thrown. */
  private async store(actor: Actor, id: string, kind: DocumentKind, files: PageFile[]): Promise<void> {
    for (const file of files) {
      await this.documents.upload(actor, id, () =>
        Promise.resolve({ kind, fileName: file.fileName, bytes: file.bytes }),
      );
    }
  }

  // Answer an information request

  private async showInformation(
    request: PageRequest,
    reply: PageReply,
    status: number,
    application: Application,
    form: { answer: string; errors: FieldError[]; refusal: string | null },
  ) {
    const actor = this.actor(request);
    const frame = this.kit.frame(request);
    const open = application.status === 'information-requested' ? application.informationRequest : null;
    const since = new Date(open?.requestedAt ?? Date.now());
    const documents = await this.documents.list(actor, application.id, INFORMATION);
    const model: InformationModel = {
      id: application.id,
      reference: application.reference,
      question: open?.reason ?? null,
      dueOn: open?.dueOn ?? null,
      answer: form.answer,
      received: documents.filter((d) => d.uploadedAt >= since).map(documentRow),
      maxBytes: this.config.DOCUMENT_MAX_BYTES,
      maxFiles: PAGE_FORM_FILES,
      errors: form.errors,
      refusal: form.refusal,
    };
    sendPage(reply, status, InformationPage({ frame, model }));
  }

  @Get(':id/information')
  async information(@Param('id') id: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const actor = this.actor(request);
    const application = await this.applications.getVisible(actor, id);
    const allowed = await this.allows(actor, application, 'supplement');
    const refusal = allowed ? null : this.kit.frame(request).speech.t.awb.information.notAllowed;
    await this.showInformation(request, reply, allowed ? 200 : 409, application, { answer: '', errors: [], refusal });
  }

  @Post(':id/information')
  async supplement(@Param('id') id: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const actor = this.actor(request);
    const s = this.kit.frame(request).speech;
    // Not visible is not found, and a step the lifecycle does not allow is refused, before any file is read.
    const application = await this.applications.getVisible(actor, id);
    if (!(await this.allows(actor, application, 'supplement'))) {
      const refusal = s.t.awb.information.notAllowed;
      return this.showInformation(request, reply, 409, application, { answer: '', errors: [], refusal });
    }
    const form = await readPageForm(request);
    const answer = form.fields.answer ?? '';
    const errors: FieldError[] = [];
    if (!reasonReadable(answer)) errors.push({ target: 'f-answer', message: s.t.awb.errors.answerTooLong });
    if (form.problem) errors.push({ target: 'f-files', message: this.formProblem(form.problem, s) });
    // Every file is checked before any is stored: one wrong file keeps them all out.
    for (const file of form.problem ? [] : form.files) {
      const problem = this.fileProblem(file, s);
      if (problem) errors.push({ target: 'f-files', message: problem });
    }
    const again = async (status: number, refusal: string | null) =>
      this.showInformation(request, reply, status, await this.applications.getVisible(actor, id), {
        answer: reasonShown(answer),
        errors,
        refusal,
      });
    if (errors.length > 0) return again(400, null);
    try {
      await this.store(actor, id, 'supporting', form.files);
      // The lifecycle's supplement guard decides whether something was supplied (an answer or a document).
      await this.transitions.transition(actor, id, 'supplement', { reason: answer.trim() || undefined });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'nothing-supplemented') {
        errors.push({ target: 'f-answer', message: s.t.awb.errors['nothing-supplemented'] });
        return again(400, null);
      }
      const refusal = this.refusal(error, s);
      if (refusal === null) throw error;
      return again(409, refusal);
    }
    seeOther(reply, `/applications/${application.id}?done=supplemented`);
  }

  // Proof of completion

  private async showProof(
    request: PageRequest,
    reply: PageReply,
    status: number,
    application: Application,
    errors: FieldError[],
    refusal: string | null,
  ) {
    const documents = await this.documents.list(this.actor(request), application.id, PROOF);
    const frame = this.kit.frame(request);
    const notAllowed = awaitsCompletionProof(application.status) ? null : frame.speech.t.awb.proof.notAllowed;
    sendPage(
      reply,
      status === 200 && notAllowed ? 409 : status,
      ProofPage({
        frame,
        model: {
          id: application.id,
          reference: application.reference,
          sent: documents.filter((d) => d.kind === 'completion-proof').map(documentRow),
          maxBytes: this.config.DOCUMENT_MAX_BYTES,
          errors,
          refusal: refusal ?? notAllowed,
        },
      }),
    );
  }

  @Get(':id/proof')
  async proof(@Param('id') id: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const application = await this.applications.getVisible(this.actor(request), id);
    await this.showProof(request, reply, 200, application, [], null);
  }

  @Post(':id/proof')
  async sendProof(@Param('id') id: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const actor = this.actor(request);
    const s = this.kit.frame(request).speech;
    const application = await this.applications.getVisible(actor, id);
    if (!awaitsCompletionProof(application.status)) {
      return this.showProof(request, reply, 409, application, [], s.t.awb.proof.notAllowed);
    }
    const form = await readPageForm(request);
    // The count first, then the file itself, and only then is anything stored.
    const problem = form.problem
      ? this.formProblem(form.problem, s)
      : form.files.length > 1
        ? s.t.awb.errors.oneFile
        : this.fileProblem(form.files[0], s);
    if (problem)
      return this.showProof(request, reply, 400, application, [{ target: 'f-file', message: problem }], null);
    try {
      await this.store(actor, id, 'completion-proof', form.files);
    } catch (error) {
      const refusal = this.refusal(error, s);
      if (refusal === null) throw error;
      return this.showProof(request, reply, 409, await this.applications.getVisible(actor, id), [], refusal);
    }
    seeOther(reply, `/applications/${application.id}?done=proofSent`);
  }

  // Objection

  private showObjection(
    request: PageRequest,
    reply: PageReply,
    status: number,
    application: Application,
    form: { reason: string; errors: FieldError[]; refusal: string | null },
  ) {
    sendPage(
      reply,
      status,
      ObjectionPage({
        frame: this.kit.frame(request),
        model: {
          id: application.id,
          reference: application.reference,
          decisionReason: application.decision?.reason ?? null,
          deadline: application.decision?.objectionDeadline ?? null,
          ...form,
        },
      }),
    );
  }

  @Get(':id/objection')
  async objection(@Param('id') id: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const actor = this.actor(request);
    const application = await this.applications.getVisible(actor, id);
    const allowed = await this.allows(actor, application, 'object');
    const refusal = allowed ? null : this.kit.frame(request).speech.t.awb.objection.notAllowed;
    this.showObjection(request, reply, allowed ? 200 : 409, application, { reason: '', errors: [], refusal });
  }

  @Post(':id/objection')
  async object(@Param('id') id: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    const actor = this.actor(request);
    const s = this.kit.frame(request).speech;
    const application = await this.applications.getVisible(actor, id);
    const given = (request.body as Record<string, unknown> | undefined)?.reason;
    const reason = typeof given === 'string' ? given : '';
    const shown = reasonShown(reason);
    if (!reasonReadable(reason)) {
      const errors = [{ target: 'f-reason', message: s.t.awb.errors.reasonTooLong }];
      return this.showObjection(request, reply, 400, application, { reason: shown, errors, refusal: null });
    }
    try {
      await this.transitions.transition(actor, id, 'object', { reason: reason.trim() || undefined });
    } catch (error) {
      const current = await this.applications.getVisible(actor, id);
      if (error instanceof DomainError && error.code === 'reason-required') {
        const errors = [{ target: 'f-reason', message: s.t.awb.errors['reason-required'] }];
        return this.showObjection(request, reply, 400, current, { reason: shown, errors, refusal: null });
      }
      const refusal = this.refusal(error, s);
      if (refusal === null) throw error;
      return this.showObjection(request, reply, 409, current, { reason: shown, errors: [], refusal });
    }
    seeOther(reply, `/applications/${application.id}?done=objected`);
  }

  // Download

  /** A document of the application, once its scan came back clean; another person's is not found. */
  @Get(':id/documents/:documentId')
  async download(
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @Req() request: PageRequest,
    @Res() reply: PageReply,
  ) {
    const { document, bytes } = await this.documents.content(
      this.actor(request),
      id,
      documentId,
      '/applications/:id/documents/:documentId',
    );
    void reply
      .header('content-type', document.contentType)
      .header('content-disposition', attachment(document.fileName))
      .header('content-length', String(bytes.length))
      .header('cache-control', 'no-store')
      .send(bytes);
  }
}
