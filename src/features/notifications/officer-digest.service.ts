import { Inject, Injectable } from '@nestjs/common';
import { dutchDate } from '../../platform/kernel/dates';
import { ApplicationReads, AwaitingOfficers } from '../applications/application-reads.service';
import { LIFECYCLE } from '../applications/transition-runner.service';
import type { Lifecycle } from '../applications/voucher-lifecycle';
import { StaffDirectory } from '../staff/staff-directory.service';
import { NotificationsService } from './notifications.service';
import { dateTime, euros, Locale, localeOf, longDate, wordFor } from './wording';

/** Lines a digest lists at most; the rest is counted, not listed (an opening day brings thousands). */
export const DIGEST_MAX_LINES = 100;

const NONE: Record<Locale, string> = { nl: '  (geen)', en: '  (none)' };

/** "  - ov-2027: 2 aangevuld, 1 bezwaar gemaakt" per programme, the actions in the table's order. */
function stepLines(
  steps: { programme_code: string; action: string; n: number }[],
  order: string[],
  locale: Locale,
): string {
  const byProgramme = new Map<string, string[]>();
  const inOrder = [...steps].sort(
    (a, b) => a.programme_code.localeCompare(b.programme_code) || order.indexOf(a.action) - order.indexOf(b.action),
  );
  for (const s of inOrder) {
    byProgramme.set(s.programme_code, [
      ...(byProgramme.get(s.programme_code) ?? []),
      `${s.n} ${wordFor('action', s.action, locale)}`,
    ]);
  }
  const lines = [...byProgramme].map(([code, parts]) => `  - ${code}: ${parts.join(', ')}`);
  return lines.length ? lines.join('\n') : NONE[locale];
}

function waitingLines(awaiting: AwaitingOfficers[], locale: Locale): string {
  const lines = awaiting
    .filter((a) => a.past_due > 0 || a.objections > 0)
    .map((a) => {
      const parts: string[] = [];
      if (a.past_due > 0) {
        parts.push(
          locale === 'en'
            ? `${a.past_due} information request(s) past the due date`
            : `${a.past_due} informatieverzoek(en) over de termijn`,
        );
      }
      if (a.objections > 0) {
        const due = a.earliest_decision_due ? longDate(a.earliest_decision_due, locale) : '';
        parts.push(
          locale === 'en'
            ? `${a.objections} objection(s), the first to be decided by ${due}`
            : `${a.objections} bezwaar(en), het eerste te beslissen uiterlijk ${due}`,
        );
      }
      return `  - ${a.programme_code}: ${parts.join('; ')}`;
    });
  return lines.length ? lines.join('\n') : NONE[locale];
}

/**
 * Every morning each officer with an e-mail address gets one mail about their programmes: the
 * applications submitted in the last 24 hours, what applicants did besides (supplements,
 * objections, withdrawals: every applicant step of the lifecycle table), and what waits for an
 * officer (information requests past their due date, open objections). Nothing when there is
 * none of these. The mail names references, programmes, target groups and amounts, no personal
 * data: the officer opens the work queue for the rest.
 */
@Injectable()
export class OfficerDigestService {
  constructor(
    @Inject(LIFECYCLE) private readonly lifecycle: Lifecycle,
    private readonly applications: ApplicationReads,
    private readonly staff: StaffDirectory,
    private readonly notifications: NotificationsService,
  ) {}

  /** Sends the digest of the 24 hours up to `now`, once per officer and day. */
  async send(now: Date = new Date()): Promise<'done'> {
    const eventKey = `digest:${dutchDate(now)}`;
    const failures: Error[] = [];
    // The day's submissions per programme, once for all officers; each gets their share.
    const perProgramme = await this.applications.submittedPerProgramme(now);
    const applicantSteps = this.lifecycle.transitions
      .filter((row) => row.roles.includes('applicant') && !row.from.includes(null))
      .map((row) => row.action);
    const steps = await this.applications.stepsPerProgramme(now, applicantSteps);
    const awaiting = await this.applications.awaitingOfficers(dutchDate(now));
    for (const officer of await this.staff.allOfficers()) {
      if (!officer.email) continue;
      const covers = (code: string) => officer.programmes.includes('*') || officer.programmes.includes(code);
      const inScope = perProgramme.filter((p) => covers(p.programme_code));
      const stepsInScope = steps.filter((s) => covers(s.programme_code));
      const awaitingInScope = awaiting.filter((a) => covers(a.programme_code) && a.past_due + a.objections > 0);
      const count = inScope.reduce((sum, p) => sum + p.n, 0);
      if (count === 0 && stepsInScope.length === 0 && awaitingInScope.length === 0) continue;
      const rows = await this.applications.submittedIn(
        now,
        inScope.map((p) => p.programme_code),
        DIGEST_MAX_LINES,
      );
      const locale = localeOf(officer.locale);
      const more = count - rows.length;
      try {
        await this.notifications.deliver({
          eventKey,
          recipient: { id: officer.id, email: officer.email, locale, name: officer.name },
          template: 'officer-digest',
          vars: {
            count,
            until: dateTime(now, locale),
            perProgramme: inScope.length
              ? inScope.map((p) => `  - ${p.programme_code}: ${p.n}`).join('\n')
              : NONE[locale],
            lines: rows.length
              ? rows
                  .map(
                    (r) =>
                      `  - ${r.reference} (${r.programme_code}), ${wordFor('targetGroup', r.target_group, locale)}, ` +
                      `${euros(r.requested_amount_cents, locale)}, ${dateTime(r.submitted_at, locale)}`,
                  )
                  .join('\n')
              : NONE[locale],
            more: more > 0 ? (locale === 'en' ? `  … and ${more} more\n` : `  … en nog ${more}\n`) : '',
            steps: stepLines(stepsInScope, applicantSteps, locale),
            waiting: waitingLines(awaitingInScope, locale),
          },
          channels: ['email'],
        });
      } catch (error) {
        failures.push(error as Error); // the others still get theirs; the retry absorbs who already has one
      }
    }
    if (failures.length > 0) throw failures[0];
    return 'done';
  }
}
