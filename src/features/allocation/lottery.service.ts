import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { addDays, dutchDate, startOfDutchDay } from '../../platform/kernel/dates';
import { DomainError } from '../../platform/kernel/domain-error';
import {
  firstUnrankedSubmission,
  highestRank,
  storeRanks,
  unrankedSubmittedBetween,
} from '../applications/application-allocation';
import type { Programme } from '../programmes/programme.entity';
import { ProgrammesService } from '../programmes/programmes.service';
import { AllocationService } from './allocation.service';
import { drawOrder, seedSha256 } from './lottery';
import { daysOf, lockUndrawnDay, LotteryDay, publishDay, recordDraw, undrawnDaysBefore } from './lottery-days';

/** The days of a programme's lottery as anyone may see them: the seed only once the day is drawn. */
export interface PublishedLottery {
  programmeCode: string;
  allocation: Programme['allocation'];
  days: {
    day: string;
    seedSha256: string;
    publishedAt: string;
    drawnAt: string | null;
    seed: string | null;
    firstRank: number | null;
    references: string[] | null;
  }[];
}

/**
 * The daily lottery of `daily-lottery` programmes (docs/domain.md). A scheduled job publishes
 * each day's seed hash before the day starts (today's and tomorrow's), and draws every finished
 * day in order: its applications get the ranks after the days before it, in the order of
 * HMAC-SHA256(seed, reference). A drawn day cannot change (a trigger refuses it).
 */
@Injectable()
export class LotteryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly programmes: ProgrammesService,
    private readonly allocation: AllocationService,
  ) {}

  /** The scheduled run: publish the coming days' seeds, draw the finished days. */
  async run(now = new Date()): Promise<'done'> {
    for (const programme of await this.lotteryProgrammes()) {
      await this.publish(programme, now);
      await this.draw(programme, now);
    }
    return 'done';
  }

  /** Publishes the seeds of today and tomorrow (Europe/Amsterdam) while the programme takes applications then. */
  async publish(programme: Programme, now = new Date()): Promise<void> {
    const today = dutchDate(now);
    for (const day of [today, addDays(today, 1)]) {
      if (startOfDutchDay(day) > programme.closesAt || startOfDutchDay(addDays(day, 1)) <= programme.opensAt) continue;
      await this.publishSeed(programme.id, day);
    }
  }

  /** Draws every finished day of the programme that is not drawn yet, oldest first, then settles its allocation. */
  async draw(programme: Programme, now = new Date()): Promise<string[]> {
    const today = dutchDate(now);
    // A day with applications but no published seed (the scheduler was down) gets one now: its publication time shows it.
    const first = await firstUnrankedSubmission(this.db, programme.id);
    if (first !== null) {
      for (let day = dutchDate(first); day < today; day = addDays(day, 1)) await this.publishSeed(programme.id, day);
    }
    const drawn: string[] = [];
    for (const day of await undrawnDaysBefore(this.db, programme.id, today)) {
      await this.db.transaction(async (tx) => {
        const row = await lockUndrawnDay(tx, programme.id, day);
        if (!row) return;
        const applications = await unrankedSubmittedBetween(
          tx,
          programme.id,
          startOfDutchDay(day),
          startOfDutchDay(addDays(day, 1)),
        );
        const order = drawOrder(
          row.seed,
          applications.map((a) => a.reference),
        );
        const firstRank = (await highestRank(tx, programme.id)) + 1;
        const idOf = new Map(applications.map((a) => [a.reference, a.id]));
        await storeRanks(
          tx,
          order.map((reference, i) => ({ id: idOf.get(reference)!, rank: firstRank + i })),
        );
        await recordDraw(tx, programme.id, day, order, firstRank);
        drawn.push(day);
      });
    }
    if (drawn.length > 0) await this.allocation.settle(programme.id);
    return drawn;
  }

  /** GET /programmes/{code}/lottery: every day's seed hash, and for a drawn day its seed and order. */
  async published(code: string): Promise<PublishedLottery> {
    const programme = await this.programmes.get(code);
    const days = programme.allocation === 'daily-lottery' ? await daysOf(this.db, programme.id) : [];
    return {
      programmeCode: programme.code,
      allocation: programme.allocation,
      days: days.map((d: LotteryDay) => ({
        day: d.day,
        seedSha256: d.seedSha256,
        publishedAt: d.publishedAt.toISOString(),
        drawnAt: d.drawnAt?.toISOString() ?? null,
        seed: d.drawnAt ? d.seed.toString('hex') : null,
        firstRank: d.drawnAt ? d.firstRank : null,
        references: d.drawnAt ? d.orderReferences : null,
      })),
    };
  }

  /** The programme's lottery, for a scheduled run or a test: not-found unless it draws lots. */
  async programme(code: string): Promise<Programme> {
    const programme = await this.programmes.get(code);
    if (programme.allocation !== 'daily-lottery') throw new DomainError('not-found', `${code} has no lottery`);
    return programme;
  }

  private async lotteryProgrammes(): Promise<Programme[]> {
    return (await this.programmes.list()).filter((p) => p.allocation === 'daily-lottery');
  }

  private async publishSeed(programmeId: string, day: string): Promise<void> {
    const seed = randomBytes(32);
    await publishDay(this.db, programmeId, day, seed, seedSha256(seed));
  }
}
