import { Injectable, OnModuleInit } from '@nestjs/common';
import { TransitionHooks } from '../applications/transition-runner.service';
import { countTransition } from './report-counters';

/** Counts every step of the lifecycle in the report deltas, in the step's own statement. */
@Injectable()
export class ReportCountersHook implements OnModuleInit {
  constructor(private readonly hooks: TransitionHooks) {}

  onModuleInit(): void {
    this.hooks.register({
      written: ({ before, after }) =>
        countTransition({
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
