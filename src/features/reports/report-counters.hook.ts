import { Injectable, OnModuleInit } from '@nestjs/common';
import { TransitionHooks } from '../applications/transition-runner.service';
import { countTransition } from './report-counters';

/** Counts every step of the lifecycle in the report deltas, inside the step's own transaction. */
@Injectable()
export class ReportCountersHook implements OnModuleInit {
  constructor(private readonly hooks: TransitionHooks) {}

  onModuleInit(): void {
    this.hooks.register({
      recorded: (tx, { before, after }) =>
        countTransition(tx, {
          programmeId: after.programmeId,
          applicant: after.applicant,
          training: after.training,
          from: before?.status ?? null,
          to: after.status,
          grantedAtBefore: before?.grantedAt ?? null,
          grantedAtAfter: after.grantedAt,
        }),
    });
  }
}
