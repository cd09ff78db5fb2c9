import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TransitionHooks } from '../applications/transition-runner.service';
import { documentFacts } from './document-records';

/** Tells the lifecycle's guards which documents an application has (supplement, complete). */
@Injectable()
export class DocumentFactsHook implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hooks: TransitionHooks,
  ) {}

  onModuleInit(): void {
    this.hooks.register({
      provides: 'documents',
      facts: async (ids) => {
        const documents = await documentFacts(this.db, ids);
        return new Map(ids.map((id) => [id, { documents: documents.get(id) ?? [] }]));
      },
    });
  }
}
