import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * Reads one entity by its id with a plain statement, built once from the entity's metadata,
 * and hydrates the row as `findOneBy({ id })` does (the same columns, the driver's conversions,
 * the column transformers). For the hot paths (every transition reads its application and
 * programme): TypeORM builds a find's SQL anew on every call, which costs more CPU than the
 * round trip.
 */
export class EntityReader<T extends ObjectLiteral> {
  private readonly metadata: EntityMetadata;
  private readonly columns: ColumnMetadata[];
  private readonly sql: string;

  constructor(
    private readonly db: DataSource,
    entity: EntityTarget<T>,
  ) {
    this.metadata = db.getMetadata(entity);
    this.columns = this.metadata.columns.filter((c) => c.isSelect && !c.isVirtualProperty);
    const [primary] = this.metadata.primaryColumns;
    this.sql =
      `SELECT ${this.columns.map((c) => `"${c.databaseName}"`).join(', ')} ` +
      `FROM "${this.metadata.tableName}" WHERE "${primary.databaseName}" = $1 LIMIT 1`;
  }

  /** The entity with this id, or null; `q` is a transaction's manager when read inside one. */
  async byId(id: string, q: Queryable = this.db): Promise<T | null> {
    const [row] = await q.query<Record<string, unknown>[]>(this.sql, [id]);
    return row === undefined ? null : this.hydrate(row);
  }

  private hydrate(row: Record<string, unknown>): T {
    const entity = this.metadata.create(undefined, { fromDeserializer: true }) as T;
    for (const column of this.columns) {
      column.setEntityValue(entity, this.db.driver.prepareHydratedValue(row[column.databaseName], column));
    }
    return entity;
  }
}
