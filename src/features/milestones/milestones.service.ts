import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '../../platform/kernel/actor';
import { DomainError } from '../../platform/kernel/domain-error';
import { GENDERS, TARGET_GROUPS, TRAINING_KINDS } from '../../platform/kernel/vocabulary';
import { MilestoneEvent } from '../../platform/queue/job-catalogue';
import { milestoneAccess } from '../access/access-policy';
import { AccessLog } from '../access/access-log.service';
import { ApplicationReads } from '../applications/application-reads.service';
import { NotificationsService } from '../notifications/notifications.service';
import { breakdownLines, dateTime, euros, Locale, localeOf, ordinalWord } from '../notifications/wording';
import type { Programme } from '../programmes/programme.entity';
import { ProgrammesService } from '../programmes/programmes.service';
import { StaffDirectory, StaffMember } from '../staff/staff-directory.service';
import { Breakdown, MilestoneSnapshot } from './milestone.entity';

/**
 * How close to a threshold the "approaching" notice goes out: within 2% of the threshold,
 * but at least 5 vouchers (250 → 5, 750 → 15, 1000 → 20).
 */
export function approachingMargin(threshold: number): number {
  return Math.max(Math.ceil(threshold * 0.02), 5);
}

/** The thresholds not yet reached that `grantedCount` is within the margin of. */
export function approachingThresholds(thresholds: number[], grantedCount: number): number[] {
  return thresholds.filter((t) => t > grantedCount && t - grantedCount <= approachingMargin(t));
}

function zeros(keys: readonly string[]): Breakdown {
  return Object.fromEntries(keys.map((k) => [k, 0]));
}

export interface MilestoneView {
  threshold: number;
  reachedAt: string;
  ordinal: number;
  applicationReference: string;
  holder: { name: string } | null;
}

/** Milestones: the snapshot and announcement when one is reached, the notice before, and the list. */
@Injectable()
export class MilestonesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly staff: StaffDirectory,
    private readonly notifications: NotificationsService,
    private readonly programmes: ProgrammesService,
    private readonly applications: ApplicationReads,
    private readonly accessLog: AccessLog,
  ) {}

  /** Officers of the programme and provincial staff of its province, each once. */
  async audience(programme: Pick<Programme, 'code' | 'province'>): Promise<StaffMember[]> {
    const people = [
      ...(await this.staff.officersOf(programme.code)),
      ...(await this.staff.provincialStaffOf(programme.province)),
    ];
    return [...new Map(people.map((p) => [p.id, p])).values()];
  }

  /** Stores the snapshot (once: only while NULL) and tells the audience. 'skipped' when the milestone is gone. */
  async announce(event: MilestoneEvent & { eventId: string }): Promise<'done' | 'skipped'> {
    const programme = await this.programmes.byCode(event.programmeCode);
    if (!programme) return 'skipped';
    const [milestone] = await this.db.query<
      { threshold: number; ordinal: number; application_id: string; reached_at: Date }[]
    >(
      `SELECT threshold, ordinal, application_id, reached_at FROM milestones WHERE programme_id = $1 AND threshold = $2`,
      [programme.id, event.threshold],
    );
    if (!milestone) return 'skipped';
    const application = await this.applications.byId(milestone.application_id);
    if (!application) return 'skipped';

    const snapshot = await this.takeSnapshot(programme, milestone.threshold);
    const reachedAt: Date = milestone.reached_at;
    const consent = application.applicant.publicityConsent === true;
    await this.tellEveryone(programme, event.eventId, application.id, (locale) => ({
      template: 'milestone-reached',
      vars: {
        programme: programme.name,
        ordinal: ordinalWord(milestone.threshold, locale),
        threshold: milestone.threshold,
        reference: application.reference,
        reachedAt: dateTime(reachedAt, locale),
        holderLine: consent
          ? locale === 'en'
            ? `Holder of the voucher: ${application.applicant.name} (has consented to being named).`
            : `Houder van de voucher: ${application.applicant.name} (heeft toestemming gegeven om genoemd te worden).`
          : locale === 'en'
            ? 'The holder has not consented to being named.'
            : 'De houder heeft geen toestemming gegeven om bij naam genoemd te worden.',
        vouchersAmount: euros(snapshot.vouchers.amountCents, locale),
        byTargetGroup: breakdownLines('targetGroup', snapshot.vouchers.byTargetGroup, locale, TARGET_GROUPS),
        byTrainingKind: breakdownLines('trainingKind', snapshot.vouchers.byTrainingKind, locale, TRAINING_KINDS),
        byGender: breakdownLines('gender', snapshot.vouchers.byGender, locale, GENDERS),
        takenAt: dateTime(new Date(snapshot.takenAt), locale),
        grantedCount: snapshot.grantedCount,
        committed: euros(snapshot.committedCents, locale),
        spent: euros(snapshot.spentCents, locale),
        budget: euros(snapshot.budgetCents, locale),
      },
    }));
    return 'done';
  }

  /**
   * Computes the snapshot and stores it only if none is stored yet; returns the stored one,
   * so a retried job announces the very figures it recorded the first time.
   */
  private async takeSnapshot(programme: Programme, threshold: number): Promise<MilestoneSnapshot> {
    const groups = await this.applications.voucherGroups(programme.id, threshold);
    const [counters] = await this.programmes.countersOf([programme.id]);
    const byTargetGroup = zeros(programme.targetGroups.length ? programme.targetGroups : TARGET_GROUPS);
    const byTrainingKind = zeros(programme.trainingKinds.length ? programme.trainingKinds : TRAINING_KINDS);
    const byGender = zeros(GENDERS);
    let count = 0;
    let amountCents = 0;
    for (const g of groups) {
      byTargetGroup[g.target_group] = (byTargetGroup[g.target_group] ?? 0) + g.n;
      byTrainingKind[g.kind] = (byTrainingKind[g.kind] ?? 0) + g.n;
      byGender[g.gender] = (byGender[g.gender] ?? 0) + g.n;
      count += g.n;
      amountCents += Number(g.cents);
    }
    const snapshot: MilestoneSnapshot = {
      takenAt: counters.readAt.toISOString(),
      threshold,
      vouchers: { count, amountCents, byTargetGroup, byTrainingKind, byGender },
      grantedCount: counters.grantedCount,
      committedCents: counters.committedCents,
      spentCents: counters.spentCents,
      budgetCents: counters.budgetCents,
    };
    await this.db.query(
      `UPDATE milestones SET snapshot = $3 WHERE programme_id = $1 AND threshold = $2 AND snapshot IS NULL`,
      [programme.id, threshold, JSON.stringify(snapshot)],
    );
    const [stored] = await this.db.query<{ snapshot: MilestoneSnapshot }[]>(
      `SELECT snapshot FROM milestones WHERE programme_id = $1 AND threshold = $2`,
      [programme.id, threshold],
    );
    return stored.snapshot;
  }

  /** After a grant: a notice, once per threshold, when the programme is within the margin of one. */
  async watch(programmeCode: string): Promise<'done' | 'skipped'> {
    const programme = await this.programmes.byCode(programmeCode);
    if (!programme) return 'skipped';
    for (const threshold of approachingThresholds(programme.milestones, programme.grantedCount)) {
      const remaining = threshold - programme.grantedCount;
      await this.tellEveryone(programme, `milestone-approaching:${programme.id}:${threshold}`, null, (locale) => ({
        template: 'milestone-approaching',
        vars: {
          programme: programme.name,
          ordinal: ordinalWord(threshold, locale),
          grantedCount: programme.grantedCount,
          remainingText:
            locale === 'en'
              ? `${remaining} voucher${remaining === 1 ? '' : 's'}`
              : `nog ${remaining} voucher${remaining === 1 ? '' : 's'}`,
        },
      }));
    }
    return 'done';
  }

  private async tellEveryone(
    programme: Programme,
    eventKey: string,
    applicationId: string | null,
    message: (locale: Locale) => {
      template: 'milestone-reached' | 'milestone-approaching';
      vars: Record<string, string | number>;
    },
  ): Promise<void> {
    const failures: Error[] = [];
    for (const person of await this.audience(programme)) {
      const locale = localeOf(person.locale);
      const { template, vars } = message(locale);
      try {
        await this.notifications.deliver({
          eventKey,
          recipient: { id: person.id, email: person.email, locale, name: person.name },
          template,
          vars,
          applicationId,
          channels: ['email', 'in-app'],
        });
      } catch (error) {
        failures.push(error as Error); // the others still hear; the job's retry absorbs who already did
      }
    }
    if (failures.length > 0) throw failures[0];
  }

  /**
   * GET /programmes/{code}/milestones: who may read the programme's figures; others 404. A
   * holder's name (shown with their consent, while kept) is personal data: its read is logged.
   */
  async list(actor: Actor, code: string, route: string): Promise<{ items: MilestoneView[] }> {
    const programme = await this.programmes.byCode(code);
    if (!programme || !milestoneAccess.canRead(actor, programme)) {
      throw new DomainError('not-found', `No programme ${code}`);
    }
    const rows: { threshold: number; ordinal: number; reached_at: Date; application_id: string }[] =
      await this.db.query(
        `SELECT threshold, ordinal, reached_at, application_id FROM milestones WHERE programme_id = $1 ORDER BY threshold`,
        [programme.id],
      );
    const holders = await this.applications.holders(rows.map((r) => r.application_id));
    const named: string[] = [];
    const items = rows.flatMap((r) => {
      const holder = holders.get(r.application_id);
      if (!holder) return []; // a milestone always names an application (foreign key)
      const shown = holder.consent && holder.name !== null;
      if (shown) named.push(holder.id);
      return [
        {
          threshold: r.threshold,
          reachedAt: r.reached_at.toISOString(),
          ordinal: r.ordinal,
          applicationReference: holder.reference,
          holder: shown ? { name: holder.name! } : null,
        },
      ];
    });
    await this.accessLog.recordRead(actor, named, route);
    return { items };
  }
}
