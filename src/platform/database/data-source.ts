import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MIGRATIONS } from './migrations';

/** `entities` come from the composition root: the platform does not know the features' tables. */
export function dataSourceOptions(config: AppConfig, entities: DataSourceOptions['entities'] = []): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    entities,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: config.DB_POOL_SIZE, connectionTimeoutMillis: config.DB_POOL_WAIT_MS },
  };
}

export function createDataSource(config: AppConfig, entities: DataSourceOptions['entities'] = []): DataSource {
  return new DataSource(dataSourceOptions(config, entities));
}
