import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxEvent } from '../../platform/outbox';
import { TransitionHooks } from '../applications/transition-runner.service';

/**
 * Records a milestone in the grant's own transaction when the grant's ordinal is one of the
 * programme's thresholds (invariant 5: the primary key programme + threshold makes it once).
 */
export async function recordMilestone(
  tx: Pick<EntityManager, 'query'>,
  milestone: { programmeId: string; threshold: number; applicationId: string; reachedAt: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO milestones (programme_id, threshold, ordinal, application_id, reached_at) VALUES ($1, $2, $2, $3, $4)`,
    [milestone.programmeId, milestone.threshold, milestone.applicationId, milestone.reachedAt],
  );
}

@Injectable()
export class MilestoneRecorderHook implements OnModuleInit {
  constructor(private readonly hooks: TransitionHooks) {}

  onModuleInit(): void {
    this.hooks.register({
      granted: async (tx, { after, context }, thresholds): Promise<OutboxEvent[]> => {
        const ordinal = after.voucherOrdinal!;
        if (!thresholds.includes(ordinal)) return [];
        await recordMilestone(tx, {
          programmeId: after.programmeId,
          threshold: ordinal,
          applicationId: after.id,
          reachedAt: context.now,
        });
        const payload = {
          programmeCode: after.programmeCode,
          threshold: ordinal,
          ordinal,
          applicationId: after.id,
          reference: after.reference,
        };
        return [{ type: 'milestone.reached', payload }];
      },
    });
  }
}
