import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../../../platform/kernel/actor';
import { ApiContract } from '../../../platform/http/api-contract';
import { CurrentActor } from '../../../platform/auth/current-actor.decorator';
import { DEFAULT_PAGE_SIZE, PageQuery } from '../../../platform/http/page-query';
import { Roles, RolesGuard } from '../../../platform/auth/roles.guard';
import {
  CreatedWebhookResponse,
  CreateWebhookDto,
  WebhookDeliveryList,
  WebhookDeliveryResponse,
  WebhookList,
  WebhookResponse,
} from '../../../features/webhooks/webhook.dto';
import { WebhooksService } from '../../../features/webhooks/webhooks.service';

const BASE = '/api/v1/webhooks';

/** Webhook subscriptions of funds' and provinces' systems, and their delivery log: admins only. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller(BASE.slice(1))
@UseGuards(RolesGuard)
@Roles('admin')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @HttpCode(201)
  @ApiContract({
    status: 201,
    description: 'The subscription, with its secret (shown only here)',
    type: CreatedWebhookResponse,
    headers: ['Location'],
    hasBody: true,
  })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateWebhookDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const created = await this.webhooks.subscribe(actor, body);
    reply.header('location', `${BASE}/${created.id}`);
    return created;
  }

  @Get()
  @ApiContract({ description: 'Every subscription (without secrets)', type: WebhookList })
  async list() {
    return { items: await this.webhooks.list() };
  }

  @Get(':id')
  @ApiContract({ description: 'The subscription (without its secret)', type: WebhookResponse })
  get(@Param('id') id: string) {
    return this.webhooks.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiContract({ status: 204, description: 'Removed; nothing more is sent to it' })
  async remove(@Param('id') id: string) {
    await this.webhooks.remove(id);
  }

  @Get(':id/deliveries')
  @ApiContract({ description: 'Its deliveries, newest first', type: WebhookDeliveryList })
  async deliveries(@Param('id') id: string, @Query() query: PageQuery) {
    return { items: await this.webhooks.deliveries(id, query.limit ?? DEFAULT_PAGE_SIZE) };
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(202)
  @ApiContract({
    status: 202,
    description: 'The delivery, waiting to be sent again with the same webhook-id',
    type: WebhookDeliveryResponse,
  })
  retry(@Param('id') id: string, @Param('deliveryId') deliveryId: string) {
    return this.webhooks.retry(id, deliveryId);
  }
}
