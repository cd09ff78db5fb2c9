/**
 * The lifecycle table drives the write path: a row added here, and nowhere else, runs through
 * the whole path — decide, effects, versioned write, history, report counters, typed outbox
 * event and its route, allowedActions and the diagram — without a change to any other file.
 */
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { ApplicationsService } from '../src/features/applications/applications.service';
import { LIFECYCLE } from '../src/features/applications/transition-runner.service';
import { TransitionsService } from '../src/features/applications/transitions.service';
import { Action, Lifecycle, LifecycleRow, VOUCHER_LIFECYCLE } from '../src/features/applications/voucher-lifecycle';
import { ProgrammesService } from '../src/features/programmes/programmes.service';
import { ReportsService } from '../src/features/reports/reports.service';
import { loadConfig } from '../src/platform/config/app-config';
import { Actor } from '../src/platform/kernel/actor';
import { jobsFor } from '../src/platform/outbox/outbox-routes';
import { JobName } from '../src/platform/queue/job-catalogue';
import { applicationBody, programmeBody } from './support/builders';
import { deleteKeys, TEST_SECRET } from './support/test-app';
import { createTestDatabase, databaseUrl, dropDatabase } from './support/test-database';

const REOPEN = 'reopen' as Action;

/** A test-only step: an officer sends a reviewed application back to submitted, forgetting the reviewer. */
const reopenRow: LifecycleRow = {
  action: REOPEN,
  from: ['reviewed'],
  to: 'submitted',
  roles: ['officer'],
  guards: [
    {
      code: 'reason-required',
      description: 'reason given',
      needsInput: true,
      check: ({ input }) => !!input.reason?.trim(),
    },
  ],
  event: 'application.reopened',
  effects: [
    {
      description: 'forgets the reviewer',
      plan: (_context, plan) => Object.assign(plan.changes, { reviewedBy: null }),
    },
    { description: 'mail' },
  ],
};

const actor = (role: Actor['role'], id: string, extra: Partial<Actor> = {}): Actor => ({
  id,
  role,
  programmes: ['*'],
  province: null,
  name: id,
  email: null,
  ...extra,
});

describe('a lifecycle row added in a spec runs through the whole write path', () => {
  const lifecycle = new Lifecycle([...VOUCHER_LIFECYCLE, reopenRow]);
  let databaseName: string;
  let app: INestApplicationContext;
  let db: DataSource;
  let prefix: string;

  beforeAll(async () => {
    databaseName = await createTestDatabase();
    prefix = `vv-test:${databaseName}`;
    const config = loadConfig({
      DATABASE_URL: databaseUrl(databaseName),
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_PREFIX: prefix,
      AUTH_MODE: 'local',
      AUTH_JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: 'silent',
      DB_POOL_SIZE: '5',
      JOB_SCHEDULES: 'off',
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
      .overrideProvider(LIFECYCLE)
      .useValue(lifecycle)
      .compile();
    app = await moduleRef.init();
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await dropDatabase(databaseName);
    await deleteKeys(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
  });

  it('writes history, counters and its own outbox event, and shows in allowedActions and the diagram', async () => {
    await app.get(ProgrammesService).create(programmeBody({ code: 'extra-row' }) as never);
    const applicant = actor('applicant', 'applicant-extra');
    const reviewer = actor('officer', 'officer-a');
    const colleague = actor('officer', 'officer-b');
    const applications = app.get(ApplicationsService);
    const transitions = app.get(TransitionsService);

    const { application } = await applications.submit(applicant, applicationBody('extra-row') as never);
    await db.query(
      `UPDATE applications SET eligibility = jsonb_set(eligibility, '{status}', '"passed"') WHERE id = $1`,
      [application.id],
    );
    await transitions.transition(reviewer, application.id, 'review', {});

    const reviewed = await applications.getVisible(colleague, application.id);
    const allowed = await applications.allowedActions(colleague, [reviewed]);
    expect(allowed.get(application.id)).toContain(REOPEN);

    await expect(transitions.transition(colleague, application.id, REOPEN, {})).rejects.toMatchObject({
      code: 'reason-required',
    });
    const { application: reopened } = await transitions.transition(colleague, application.id, REOPEN, {
      reason: 'Training provider changed',
    });
    expect(reopened).toMatchObject({ status: 'submitted', version: 3, reviewedBy: null });

    const [stored] = await db.query(`SELECT status, version, reviewed_by FROM applications WHERE id = $1`, [
      application.id,
    ]);
    expect(stored).toEqual({ status: 'submitted', version: 3, reviewed_by: null });

    const history = await applications.history(applicant, application.id, 'test');
    expect(history.map((h) => [h.action, h.fromStatus, h.toStatus, h.actorId, h.reason])).toEqual([
      ['submit', null, 'submitted', 'applicant-extra', null],
      ['review', 'submitted', 'reviewed', 'officer-a', null],
      ['reopen', 'reviewed', 'submitted', 'officer-b', 'Training provider changed'],
    ]);

    const outbox: { id: string; type: string; payload: Record<string, unknown> }[] = await db.query(
      `SELECT id, type, payload FROM outbox WHERE payload->>'applicationId' = $1 ORDER BY created_at, type`,
      [application.id],
    );
    const event = outbox.find((row) => row.type === 'application.reopened');
    expect(event?.payload).toMatchObject({
      applicationId: application.id,
      action: 'reopen',
      from: 'reviewed',
      to: 'submitted',
      actorId: 'officer-b',
      reason: 'Training provider changed',
    });
    // Every step tells the applicant, settles its programme's allocation again and may interest a webhook.
    expect(jobsFor({ ...event!, created_at: new Date() }).map((job) => job.name)).toEqual([
      JobName.NotifyApplicant,
      JobName.SettleAllocation,
      JobName.PlanWebhookDeliveries,
    ]);

    const report = await app.get(ReportsService).programmeReport(actor('admin', 'admin-1'), 'extra-row');
    expect(report.applications.byStatus).toMatchObject({ submitted: 1, reviewed: 0 });

    expect(lifecycle.toMermaid()).toContain('reviewed --> submitted: reopen (officer) [reason given]');
    expect(lifecycle.clientActions()).toContain(REOPEN);
  });
});
