import { Module } from '@nestjs/common';
import { WebhooksService } from './webhooks.service';

/** Webhooks: subscriptions and their signed deliveries. Needs the global AppConfig and data source. */
@Module({
  providers: [WebhooksService],
  exports: [WebhooksService],
})
export class WebhooksModule {}
