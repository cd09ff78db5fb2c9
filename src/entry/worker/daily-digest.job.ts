import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dutchDate } from '../../platform/kernel/dates';
import { JobName, JobOutcome } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { StaffDirectory } from '../../features/staff/staff-directory.service';
import { NotificationsService } from '../../features/notifications/notifications.service';
import { dateTime, euros, localeOf, wordFor } from '../../features/notifications/wording';

/** Lines a digest lists at most; the rest is counted, not listed (an opening day brings thousands). */
export const DIGEST_MAX_LINES = 100;

interface Submission {
  reference: string;
  programme_code: string;
  target_group: string;
  requested_amount_cents: number;
  submitted_at: Date;
}

/**
 * Every morning each officer with an e-mail address gets one mail listing the applications
 * submitted in the last 24 hours in their programmes, and nothing when there were none.
 * The mail names references, programmes, target groups and amounts, no personal data:
 * the officer opens the work queue for the rest.
 */
@Injectable()
export class DailyDigestJob {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly staff: StaffDirectory,
    private readonly notifications: NotificationsService,
  ) {}

  @OnJob(JobName.SendDailyDigest)
  async run(): Promise<JobOutcome> {
    const now = new Date();
    const eventKey = `digest:${dutchDate(now)}`;
    const failures: Error[] = [];
    // The day's submissions per programme, once for all officers; each gets their share.
    const perProgramme: { programme_code: string; n: number }[] = await this.db.query(
      `SELECT programme_code, count(*)::int AS n FROM applications
       WHERE submitted_at > $1::timestamptz - interval '24 hours' AND submitted_at <= $1
       GROUP BY programme_code ORDER BY programme_code`,
      [now],
    );
    for (const officer of await this.staff.allOfficers()) {
      if (!officer.email) continue;
      const inScope = perProgramme.filter(
        (p) => officer.programmes.includes('*') || officer.programmes.includes(p.programme_code),
      );
      const count = inScope.reduce((sum, p) => sum + p.n, 0);
      if (count === 0) continue;
      const rows: Submission[] = await this.db.query(
        `SELECT reference, programme_code, applicant->>'targetGroup' AS target_group, requested_amount_cents, submitted_at
         FROM applications
         WHERE submitted_at > $1::timestamptz - interval '24 hours' AND submitted_at <= $1 AND programme_code = ANY($2)
         ORDER BY submitted_at, reference LIMIT $3`,
        [now, inScope.map((p) => p.programme_code), DIGEST_MAX_LINES],
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
