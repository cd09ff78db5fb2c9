import { Global, Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { FileObjectStore } from './file-object-store';
import { OBJECT_STORE, ObjectStore } from './object-store';
import { S3ObjectStore } from './s3-object-store';

/** The object store of the configuration: DOCUMENT_STORE=file (DOCUMENT_DIR) or s3 (S3_*). */
export function objectStoreFor(config: AppConfig): ObjectStore {
  if (config.DOCUMENT_STORE === 's3') {
    return new S3ObjectStore({
      endpoint: config.S3_ENDPOINT!,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET!,
      accessKeyId: config.S3_ACCESS_KEY_ID!,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
    });
  }
  return new FileObjectStore(config.DOCUMENT_DIR);
}

@Global()
@Module({
  providers: [{ provide: OBJECT_STORE, inject: [AppConfig], useFactory: objectStoreFor }],
  exports: [OBJECT_STORE],
})
export class StorageModule implements OnApplicationShutdown {
  constructor(@Inject(OBJECT_STORE) private readonly store: ObjectStore) {}

  onApplicationShutdown(): void {
    if (this.store instanceof S3ObjectStore) this.store.close();
  }
}
