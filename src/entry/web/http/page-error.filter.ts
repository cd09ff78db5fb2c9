import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { DomainError } from '../../../platform/kernel/domain-error';
import { toProblem } from '../../../platform/http/problem.filter';
import { ProblemKind, ProblemPage } from '../views/problem-page';
import { PageRefusal } from './page.guard';
import { PageKit } from './page-kit.service';
import type { PageReply, PageRequest } from './page-state';
import { localPath, seeOther, sendPage } from './render';

const logger = new Logger('PageErrorFilter');

/**
 * Errors on pages become pages, in the reader's language: never problem+json, never a stack
 * trace. Not logged in: off to /login, coming back afterwards.
 */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  constructor(private readonly kit: PageKit) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<PageRequest>();
    const reply = host.switchToHttp().getResponse<PageReply>();
    if (error instanceof PageRefusal && error.kind === 'login') {
      const next = error.next ? `next=${encodeURIComponent(localPath(error.next))}` : '';
      const expired = request.page?.sessionToken ? 'expired=1' : '';
      const query = [next, expired].filter(Boolean).join('&');
      return seeOther(reply, `/login${query ? `?${query}` : ''}`);
    }
    const kind: 'not-found' | 'forbidden' | 'csrf' | null =
      error instanceof PageRefusal
        ? (error.kind as 'not-found' | 'forbidden' | 'csrf')
        : error instanceof DomainError && (error.code === 'not-found' || error.code === 'forbidden')
          ? error.code
          : null;
    const frame = this.kit.frame(request);
    if (kind) {
      const status = kind === 'not-found' ? 404 : 403;
      return sendPage(reply, status, ProblemPage({ frame, kind }));
    }
    const problem = toProblem(error);
    if (problem.status >= 500) {
      logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    const status = problem.status >= 500 ? 500 : problem.status;
    const page: ProblemKind =
      status === 404 ? 'not-found' : status === 413 ? 'too-large' : status >= 500 ? 'error' : 'bad-request';
    sendPage(reply, status, ProblemPage({ frame, kind: page }));
  }
}
