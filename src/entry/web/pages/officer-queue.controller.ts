import { Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { Public } from '../../../platform/auth/public.decorator';
import { Actor } from '../../../platform/kernel/actor';
import { DomainError } from '../../../platform/kernel/domain-error';
import { dutchDate } from '../../../platform/kernel/dates';
import { APPLICATION_STATUSES } from '../../../features/applications/application-status';
import { ApplicationsService, bulkReviewable } from '../../../features/applications/applications.service';
import {
  COUNT_CAP,
  ELIGIBILITY_OUTCOMES,
  OfficerQueue,
  QUEUE_VIEWS,
  QueueQuery,
  QueueView,
} from '../../../features/applications/officer-queue';
import { TransitionsService } from '../../../features/applications/transitions.service';
import { csvField } from '../../../features/reports/report-csv';
import { PageErrorFilter } from '../http/page-error.filter';
import { NeedsLogin, PageGuard } from '../http/page.guard';
import { PageKit } from '../http/page-kit.service';
import type { PageReply, PageRequest } from '../http/page-state';
import { sendPage } from '../http/render';
import { OfficerBulkResultPage, OfficerQueuePage } from '../views/officer-queue';
import { refusalText } from './refusals';

const ROUTE = '/officer';
const CSV_ROUTE = '/officer/queue.csv';
const BULK_ROUTE = '/officer/bulk-review';
const PAGE_SIZE = 50;
const CSV_CHUNK = 500;
/** A bulk review takes at most this many applications (a page and then some). */
const BULK_MAX = 200;

const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : undefined;

/** The queue's query from the address: anything unknown is ignored, never an error. */
function queueQuery(raw: Record<string, unknown>, limit: number): QueueQuery {
  const text = (value: unknown, max: number) =>
    typeof value === 'string' && value.length <= max && !value.includes('\u0000') ? value.trim() : '';
  const programme = text(raw.programme, 100);
  const search = text(raw.q, 200);
  const cursor = text(raw.cursor, 400);
  return {
    view: oneOf(QUEUE_VIEWS, raw.view) ?? 'to-review',
    programme: programme || undefined,
    status: oneOf(APPLICATION_STATUSES, raw.status),
    eligibility: oneOf(ELIGIBILITY_OUTCOMES, raw.eligibility),
    search: search || undefined,
    cursor: cursor || undefined,
    limit,
  };
}

/** The address of the queue with `query` (and changes); empty values left out. */
function queueHref(path: string, query: QueueQuery, changes: Partial<Record<string, string | undefined>> = {}): string {
  const params = new URLSearchParams();
  const all: Record<string, string | undefined> = {
    view: query.view,
    programme: query.programme,
    status: query.status,
    eligibility: query.eligibility,
    q: query.search,
    cursor: query.cursor,
    ...changes,
  };
  for (const [key, value] of Object.entries(all)) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * The fund officer's work queue (admins read it too): views, filters, counts, keyset pages in
 * rank order, the list as CSV, and reviewing several applications at once (each its own
 * transition, through the same use case as the JSON API).
 */
@ApiExcludeController()
@Public()
@Controller('officer')
@UseGuards(PageGuard)
@UseFilters(PageErrorFilter)
@NeedsLogin('officer', 'admin')
export class OfficerQueueController {
  constructor(
    private readonly kit: PageKit,
    private readonly queue: OfficerQueue,
    private readonly applications: ApplicationsService,
    private readonly transitions: TransitionsService,
  ) {}

  private actor(request: PageRequest): Actor {
    return request.page!.session!.actor;
  }

  @Get()
  async list(@Req() request: PageRequest, @Res() reply: PageReply) {
    const actor = this.actor(request);
    const frame = this.kit.frame(request);
    const query = queueQuery(request.query as Record<string, unknown>, PAGE_SIZE);
    const [page, programmes] = await Promise.all([this.queue.page(actor, query, ROUTE), this.queue.scope(actor)]);
    // A box for each row that bulk review takes and the lifecycle lets this actor review.
    const candidates = page.items.filter((r) => bulkReviewable(r.eligibility)).map((r) => r.id);
    const reviewable = await this.applications.allowing(actor, candidates, 'review');
    const views = QUEUE_VIEWS.map((view: QueueView) => ({
      view,
      href: queueHref('/officer', query, { view, cursor: undefined, status: undefined }),
      count: view === 'all' ? null : page.counts[view],
    }));
    sendPage(
      reply,
      200,
      OfficerQueuePage({
        frame,
        model: {
          view: query.view,
          views,
          countCap: COUNT_CAP,
          filters: {
            programme: query.programme ?? '',
            status: query.status ?? '',
            eligibility: query.eligibility ?? '',
            search: query.search ?? '',
          },
          programmes,
          statuses: APPLICATION_STATUSES,
          eligibilities: ELIGIBILITY_OUTCOMES,
          rows: page.items,
          reviewable,
          nextHref: page.nextCursor ? queueHref('/officer', query, { cursor: page.nextCursor }) : null,
          firstHref: query.cursor ? queueHref('/officer', query, { cursor: undefined }) : null,
          csvHref: queueHref('/officer/queue.csv', query, { cursor: undefined }),
        },
      }),
    );
  }

  /** The filtered list (every page of it) as CSV, read in keyset chunks; each chunk's read is logged. */
  @Get('queue.csv')
  async csv(@Req() request: PageRequest, @Res() reply: PageReply) {
    const actor = this.actor(request);
    const query = queueQuery(request.query as Record<string, unknown>, CSV_CHUNK);
    delete query.cursor;
    // The first chunk is read before the answer starts, so a bad query is still a page, not a broken download.
    const first = await this.queue.page(actor, query, CSV_ROUTE, false);
    const queue = this.queue;
    const header = [
      'reference',
      'programme',
      'status',
      'eligibility',
      'name',
      'requested_eur',
      'granted_eur',
      'submitted_at',
      'due_on',
    ];
    const line = (values: (string | number | null)[]) => values.map(csvField).join(',') + '\r\n';
    const euros = (cents: number | null) => (cents === null ? null : (cents / 100).toFixed(2));
    async function* lines() {
      yield line(header);
      let page = first;
      for (;;) {
        for (const r of page.items) {
          yield line([
            r.reference,
            r.programmeCode,
            r.status,
            r.eligibility,
            r.name,
            euros(r.requestedAmountCents),
            euros(r.grantedAmountCents),
            r.submittedAt.toISOString(),
            r.status === 'objection' ? r.decisionDueOn : r.dueOn,
          ]);
        }
        if (!page.nextCursor) return;
        page = await queue.page(actor, { ...query, cursor: page.nextCursor }, CSV_ROUTE, false);
      }
    }
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="vakvoucher-queue-${query.view}-${dutchDate(new Date())}.csv"`,
      )
      .header('cache-control', 'no-store')
      .send(Readable.from(lines()));
  }

  /** Reviews the selected applications, each as its own transition with the version the officer saw. */
  @Post('bulk-review')
  async bulkReview(@Req() request: PageRequest, @Res() reply: PageReply) {
    const actor = this.actor(request);
    const frame = this.kit.frame(request);
    const b = frame.speech.t.officer.bulk;
    const body = request.body as Record<string, unknown>;
    const selected = ([] as unknown[])
      .concat(body.selected ?? [])
      .filter((v): v is string => typeof v === 'string')
      .map((v) => /^([0-9a-f-]{36})\.(\d{1,9})$/i.exec(v))
      .filter((m): m is RegExpExecArray => m !== null)
      .slice(0, BULK_MAX);
    const results: { id: string; reference: string; reviewed: boolean; why: string | null }[] = [];
    for (const [, id, version] of selected) {
      let reference = id;
      try {
        const application = await this.applications.getVisible(actor, id);
        reference = application.reference;
        // Bulk review's own rule; whether it may be reviewed at all is the transition's (the lifecycle).
        if (!bulkReviewable(application.eligibility?.status)) {
          results.push({ id, reference, reviewed: false, why: b.notPassed });
          continue;
        }
        await this.transitions.transition(actor, id, 'review', {}, `"${version}"`, BULK_ROUTE);
        results.push({ id, reference, reviewed: true, why: null });
      } catch (error) {
        const notFound = error instanceof DomainError && error.code === 'not-found';
        const why = notFound ? b.notFound : refusalText(error, frame.speech);
        if (why === null) throw error;
        results.push({ id, reference, reviewed: false, why });
      }
    }
    const status = selected.length === 0 ? 400 : 200;
    sendPage(reply, status, OfficerBulkResultPage({ frame, model: { results } }));
  }
}
