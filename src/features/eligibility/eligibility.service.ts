import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dutchDate } from '../../platform/kernel/dates';
import { MetricsRegistry } from '../../platform/metrics/metrics-registry';
import type { EligibilityCheck, EligibilityResult } from '../applications/application.entity';
import { EligibilityFacts, storeAndLoadEligibility } from '../applications/application-reads.service';
import { Coalescer } from './coalescer';
import { KVK_REGISTER, KvkRegister } from './registers/kvk-register';
import { TRAINING_REGISTER, TrainingRegister } from './registers/training-register';
import { evaluate, RuleInput } from './rules';
import { isUuid } from '../../platform/kernel/uuid';

/** A check as stored on the application: the shape docs/api.md gives plus the English message. */
export interface StoredEligibilityCheck extends EligibilityCheck {
  messageEn: string;
}

export interface StoredEligibilityResult extends EligibilityResult {
  status: 'passed' | 'failed';
  checkedAt: string;
  checks: StoredEligibilityCheck[];
}

interface Store {
  id: string;
  eligibility: StoredEligibilityResult;
}

/** What a job asks of a batch: the facts of its application, or to store its result. */
type Request = { load: string } | { store: Store };
type Answer = EligibilityFacts | null | boolean;

/**
 * At most 250 requests per statement and two statements at once: one runs while the next batch
 * gathers. At a peak the worker's jobs carry fifty applications each, so batches fill; 250 a
 * statement checked 7,100–8,000 applications a second in the bench against 5,700 at 100.
 */
const BATCH = { maxBatch: 250, maxInFlight: 2 };

/**
 * The eligibility check of a submitted application: gathers the facts, runs the pure rules
 * (rules/), and stores the result on the application. It never changes the status: a failed
 * check informs the officer, who decides.
 *
 * The jobs a worker runs at once share their statements: the loads and stores they ask for
 * meanwhile are coalesced into one prepared statement that stores the results of some jobs and
 * loads the facts of others, so the database is asked, and commits, once per batch, not twice
 * per job. A job whose request makes a batch fail is tried alone (see Coalescer): it fails or
 * succeeds as it would have alone, and the others with it.
 */
@Injectable()
export class EligibilityService {
  private readonly logger = new Logger('Eligibility');
  private readonly batches = new Coalescer<Request, Answer>((requests) => this.runBatch(requests), BATCH);
  private readonly outcomes;
  private readonly ruleOutcomes;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(KVK_REGISTER) private readonly kvk: KvkRegister,
    @Inject(TRAINING_REGISTER) private readonly trainingRegister: TrainingRegister,
    metrics: MetricsRegistry,
  ) {
    this.outcomes = metrics.counter({
      name: 'vakvoucher_eligibility_checks_total',
      help: 'Eligibility checks stored, by outcome (passed, failed)',
      labelNames: ['outcome'],
    });
    this.ruleOutcomes = metrics.counter({
      name: 'vakvoucher_eligibility_rule_outcomes_total',
      help: 'Outcomes of the eligibility rules in stored checks, by rule and outcome (pass, fail, warn)',
      labelNames: ['rule', 'outcome'],
    });
    for (const outcome of ['passed', 'failed']) this.outcomes.inc({ outcome }, 0);
  }

  /**
   * Checks applications side by side (their statements go together); 'skipped' when none was
   * pending. When one fails, the rest still finish and then the first error is thrown, so the job
   * is retried: its applications already checked are skipped then.
   */
  async checkAll(applicationIds: readonly string[], now: Date = new Date()): Promise<'done' | 'skipped'> {
    const outcomes = await Promise.allSettled(applicationIds.map((id) => this.check(id, now)));
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) throw failure.reason;
    return outcomes.some((o) => o.status === 'fulfilled' && o.value === 'done') ? 'done' : 'skipped';
  }

  /** Checks one application; 'skipped' when it is gone or its check is no longer pending. */
  async check(applicationId: string, now: Date = new Date()): Promise<'done' | 'skipped'> {
    if (!isUuid(applicationId)) return 'skipped';
    const row = (await this.batches.call({ load: applicationId.toLowerCase() })) as EligibilityFacts | null;
    if (!row) return 'skipped';

    const isEmployee = row.applicant.targetGroup === 'employee';
    const [kvkRegistered, providerKnown] = await Promise.all([
      isEmployee && row.employer?.kvkNumber
        ? this.ask('KvK', () => this.kvk.isRegistered(row.employer!.kvkNumber))
        : Promise.resolve(null),
      this.ask('training register', () => this.trainingRegister.providerKnown(row.training.provider)),
    ]);

    const { status, checks } = evaluate(ruleInput(row, now, kvkRegistered, providerKnown));
    const eligibility: StoredEligibilityResult = { status, checkedAt: now.toISOString(), checks };
    return (await this.batches.call({ store: { id: row.id, eligibility } })) ? 'done' : 'skipped';
  }

  /**
   * One statement for the batch (the applications feature's, prepared on the pool): facts for
   * each load (null: gone or no longer pending), true for each result that landed. The same
   * application stored twice in a batch: the first wins.
   */
  private async runBatch(requests: Request[]): Promise<Answer[]> {
    const load = new Set<string>();
    const first = new Map<string, Store>();
    for (const r of requests) {
      if ('load' in r) load.add(r.load);
      else if (!first.has(r.store.id)) first.set(r.store.id, r.store);
    }
    const { facts, stored: landed } = await storeAndLoadEligibility(this.db, [...first.values()], [...load]);
    const stored = new Set(landed);
    // Counted once per stored result: a job that ran twice stored nothing the second time.
    for (const { id, eligibility } of first.values()) {
      if (!stored.has(id)) continue;
      this.outcomes.inc({ outcome: eligibility.status });
      for (const check of eligibility.checks) this.ruleOutcomes.inc({ rule: check.rule, outcome: check.outcome });
    }
    const byId = new Map(facts.map((row) => [row.id, row]));
    return requests.map((r) =>
      'load' in r ? (byId.get(r.load) ?? null) : first.get(r.store.id) === r.store && stored.has(r.store.id),
    );
  }

  /** An outside register's answer; an error counts as "could not be asked" (null), for a warning. */
  private async ask(register: string, question: () => Promise<boolean | null>): Promise<boolean | null> {
    try {
      return await question();
    } catch (error) {
      this.logger.warn(`The ${register} could not be asked: ${(error as Error).message}`);
      return null;
    }
  }
}

function ruleInput(
  row: EligibilityFacts,
  now: Date,
  kvkRegistered: boolean | null,
  providerKnown: boolean | null,
): RuleInput {
  return {
    today: dutchDate(now),
    application: {
      applicant: row.applicant,
      employer: row.employer,
      training: row.training,
      requestedAmountCents: row.requested_amount_cents,
    },
    programme: {
      minAmountCents: row.min_amount_cents,
      maxAmountCents: row.max_amount_cents,
      maxCoFundingPercent: row.max_co_funding_percent,
      opensOn: dutchDate(row.opens_at),
      closesOn: dutchDate(row.closes_at),
      region: row.region,
      targetGroups: row.target_groups,
      trainingKinds: row.training_kinds,
      providerCap: row.provider_cap,
    },
    facts: {
      otherActiveApplications: row.other_active,
      providerVoucherCount: row.provider_vouchers,
      availableCents: row.available_cents,
      kvkRegistered,
      providerKnown,
    },
  };
}
