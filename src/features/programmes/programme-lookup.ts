import type { DataSource, EntityManager } from 'typeorm';
import { Programme } from './programme.entity';

/** Programmes read fresh by id, for the lifecycle, whose guards look at the budget. */
export function programmesById(db: DataSource | EntityManager, ids: string[]): Promise<Programme[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.getRepository(Programme).createQueryBuilder('p').where('p.id = ANY(:ids)', { ids }).getMany();
}

export async function programmeById(db: DataSource | EntityManager, id: string): Promise<Programme> {
  const [programme] = await programmesById(db, [id]);
  if (!programme) throw new Error(`Programme ${id} does not exist`);
  return programme;
}
