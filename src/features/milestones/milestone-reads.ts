import type { EntityManager } from 'typeorm';

type Queryable = Pick<EntityManager, 'query'>;

/** The milestones the programmes with ids `$1` reached, by threshold. A primary-key range per programme. */
export const REACHED_MILESTONES_SQL = `
  SELECT programme_id AS "programmeId", threshold, reached_at AS "reachedAt"
  FROM milestones WHERE programme_id = ANY($1::uuid[]) ORDER BY programme_id, threshold`;

export interface ReachedMilestone {
  programmeId: string;
  threshold: number;
  reachedAt: Date;
}

/** The milestones these programmes reached, lowest threshold first; pass a transaction's manager to read in its snapshot. */
export function reachedMilestones(db: Queryable, programmeIds: string[]): Promise<ReachedMilestone[]> {
  return db.query(REACHED_MILESTONES_SQL, [programmeIds]);
}
