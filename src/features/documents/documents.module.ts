import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ApplicationsModule } from '../applications/applications.module';
import { DocumentFactsHook } from './document-facts.hook';
import { DocumentScanService } from './document-scan.service';
import { DocumentsService } from './documents.service';

/**
 * Documents on applications: upload, list, download once clean, the scan job's work, and the
 * facts the lifecycle's guards read. Needs the global AppConfig, data source, object store and
 * virus scanner (platform/storage, platform/scanning).
 */
@Module({
  imports: [AccessModule, ApplicationsModule],
  providers: [DocumentsService, DocumentScanService, DocumentFactsHook],
  exports: [DocumentsService, DocumentScanService],
})
export class DocumentsModule {}
