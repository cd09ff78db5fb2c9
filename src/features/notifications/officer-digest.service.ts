import { Injectable } from '@nestjs/common';
import { dutchDate } from '../../platform/kernel/dates';
import { ApplicationReads } from '../applications/application-reads.service';
import { StaffDirectory } from '../staff/staff-directory.service';
import { NotificationsService } from './notifications.service';
import { dateTime, euros, localeOf, wordFor } from './wording';

/** Lines a digest lists at most; the rest is counted, not listed (an opening day brings thousands). */
export const DIGEST_MAX_LINES = 100;

/**
 * Every morning each officer with an e-mail address gets one mail listing the applications
 * submitted in the last 24 hours in their programmes, and nothing when there were none.
 * The mail names references, programmes, target groups and amounts, no personal data:
 * the officer opens the work queue for the rest.
 */
@Injectable()
export class OfficerDigestService {
  constructor(
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
    for (const officer of await this.staff.allOfficers()) {
      if (!officer.email) continue;
      const inScope = perProgramme.filter(
        (p) => officer.programmes.includes('*') || officer.programmes.includes(p.programme_code),
      );
      const count = inScope.reduce((sum, p) => sum + p.n, 0);
      if (count === 0) continue;
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
            perProgramme: inScope.map((p) => `  - ${p.programme_code}: ${p.n}`).join('\n'),
            lines: rows
              .map(
                (r) =>
                  `  - ${r.reference} (${r.programme_code}), ${wordFor('targetGroup', r.target_group, locale)}, ` +
                  `${euros(r.requested_amount_cents, locale)}, ${dateTime(r.submitted_at, locale)}`,
              )
              .join('\n'),
            more: more > 0 ? (locale === 'en' ? `  … and ${more} more\n` : `  … en nog ${more}\n`) : '',
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
