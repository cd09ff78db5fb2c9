import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, SYSTEM_ACTOR } from '../../platform/kernel/actor';
import { SubmitApplicationDto } from '../../features/applications/application.dto';
import { ApplicationsService } from '../../features/applications/applications.service';
import { TransitionsService } from '../../features/applications/transitions.service';
import { DocumentsService } from '../../features/documents/documents.service';
import { EligibilityService } from '../../features/eligibility/eligibility.service';
import { Action } from '../../features/applications/voucher-lifecycle';
import { CreateProgrammeDto } from '../../features/programmes/programme.dto';
import { ProgrammesService } from '../../features/programmes/programmes.service';
import { DEMO_APPLICANTS, DEMO_PROGRAMMES, DemoApplicant } from './demo-data';

const actor = (id: string, role: Actor['role'], programmes: string[] = []): Actor => ({
  id,
  role,
  programmes,
  province: null,
  name: id,
  email: null,
});

/** The path from submitted to each demo status, and who takes each step. */
const PATHS: Record<DemoApplicant['status'], Action[]> = {
  submitted: [],
  'information-requested': ['request-information'],
  reviewed: ['review'],
  granted: ['review', 'grant'],
  completed: ['review', 'grant', 'complete'],
  rejected: ['review', 'reject'],
  'not-considered': ['request-information', 'not-consider'],
  objection: ['review', 'reject', 'object'],
  withdrawn: ['withdraw'],
  expired: ['review', 'grant', 'expire'],
};

const REASONS: Partial<Record<Action, string>> = {
  'request-information': 'Stuur de offerte van de opleider mee, met de begin- en einddatum van de opleiding.',
  'not-consider': 'Wij hebben de gevraagde offerte niet binnen de termijn ontvangen.',
  reject: 'De opleiding valt buiten de technische sectoren van de regeling.',
  object: 'Installatietechniek is wel degelijk een technische opleiding; zie het opleidingsprogramma.',
  complete: 'Diploma ontvangen en gecontroleerd.',
  withdraw: 'Ik heb een andere baan gevonden.',
};

/** A certificate as a small PDF, for the completed demo voucher. */
const DEMO_CERTIFICATE = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% Certificaat (demo)\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

/**
 * Two demo programmes from docs/domain.md and applications in every state, made through the same
 * services the api and worker use, so eligibility, history, counters and outbox are as real
 * as any. Needs a context with the worker's modules (createWorkerContext, or SeedModule).
 * Runs once: a database that already has the programmes is left alone.
 */
export async function seedDemo(app: INestApplicationContext, log: (line: string) => void = console.log) {
  const db = app.get(DataSource);
  const programmes = app.get(ProgrammesService);
  const applications = app.get(ApplicationsService);
  const transitions = app.get(TransitionsService);
  const documents = app.get(DocumentsService, { strict: false });
  const eligibility = app.get(EligibilityService, { strict: false });

  const [{ count }] = await db.query<{ count: number }[]>(
    `SELECT count(*)::int AS count FROM programmes WHERE code = ANY($1)`,
    [DEMO_PROGRAMMES.map((p) => p.code)],
  );
  if (count > 0) {
    log('Demo data is present already; nothing seeded');
    return;
  }
  for (const programme of DEMO_PROGRAMMES) await programmes.create(programme as CreateProgrammeDto);

  for (const demo of DEMO_APPLICANTS) {
    const applicant = actor(demo.sub, 'applicant');
    const reviewer = actor(`officer-${demo.programme.slice(0, 2)}-1`, 'officer', [demo.programme]);
    const granter = actor(`officer-${demo.programme.slice(0, 2)}-2`, 'officer', [demo.programme]);
    const { application } = await applications.submit(applicant, demo.body as unknown as SubmitApplicationDto);
    await eligibility.check(application.id); // as the worker would, so officers can review at once
    for (const action of PATHS[demo.status]) {
      const by: Actor = {
        review: reviewer,
        'request-information': reviewer,
        'not-consider': reviewer,
        grant: granter,
        reject: reviewer,
        complete: granter,
        withdraw: applicant,
        object: applicant,
      }[action as 'review'];
      if (action === 'expire') {
        // A voucher of last year: its expiry date has passed, so the scheduler's action applies.
        await db.query(`UPDATE applications SET voucher_expires_on = current_date - 1 WHERE id = $1`, [application.id]);
      }
      if (action === 'not-consider') {
        // A request of weeks ago: its term has passed, so the officer may not consider the application.
        await db.query(
          `UPDATE applications SET information_request = jsonb_set(information_request, '{dueOn}', to_jsonb((current_date - 1)::text)) WHERE id = $1`,
          [application.id],
        );
      }
      if (action === 'complete') {
        await documents.upload(applicant, application.id, () =>
          Promise.resolve({ kind: 'completion-proof', fileName: 'certificaat.pdf', bytes: DEMO_CERTIFICATE }),
        );
      }
      await transitions.transition(action === 'expire' ? SYSTEM_ACTOR : by, application.id, action, {
        reason: REASONS[action],
      });
    }
  }
  log(`Seeded ${DEMO_PROGRAMMES.length} programmes and ${DEMO_APPLICANTS.length} applications`);
}
