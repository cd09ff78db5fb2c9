import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../../../platform/kernel/actor';
import { invalidRequest } from '../../../platform/http/validation.pipe';
import { CurrentActor } from '../../../platform/auth/current-actor.decorator';
import { RouteTemplate } from '../../../platform/http/route-template.decorator';
import { ApiContract } from '../../../platform/http/api-contract';
import { Roles, RolesGuard } from '../../../platform/auth/roles.guard';
import { Programme } from '../../../features/programmes/programme.entity';
import { Application } from '../../../features/applications/application.entity';
import {
  ApplicationList,
  ApplicationResponse,
  HistoryList,
  ListApplicationsQuery,
  SubmitApplicationDto,
  TransitionDto,
} from '../../../features/applications/application.dto';
import { applicationView } from '../../../features/applications/application-representation';
import { ApplicationsService } from '../../../features/applications/applications.service';
import { TransitionsService } from '../../../features/applications/transitions.service';

const BASE = '/api/v1/applications';

@ApiTags('applications')
@ApiBearerAuth()
@Controller(BASE.slice(1))
@UseGuards(RolesGuard)
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly transitions: TransitionsService,
  ) {}

  private async view(actor: Actor, application: Application, programme?: Programme) {
    const allowed = await this.applications.allowedActions(actor, [application], programme ? [programme] : []);
    return applicationView(application, allowed.get(application.id)!);
  }

  @Roles('applicant')
  @Post()
  @HttpCode(201)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'the same key with the same body answers the first result',
  })
  @ApiContract({
    status: 201,
    description: 'The application, submitted',
    type: ApplicationResponse,
    headers: ['Location', 'ETag'],
    hasBody: true,
    codes: ['idempotency-key-reused', 'programme-closed', 'amount-out-of-range'],
  })
  async submit(
    @CurrentActor() actor: Actor,
    @Body() body: SubmitApplicationDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
      throw invalidRequest([{ name: 'Idempotency-Key', reason: 'Idempotency-Key must be 1–200 visible characters' }]);
    }
    const { application, programme } = await this.applications.submit(actor, body, idempotencyKey);
    reply.header('location', `${BASE}/${application.id}`).header('etag', `"${application.version}"`);
    return this.view(actor, application, programme);
  }

  @Roles('applicant', 'officer', 'admin')
  @Get()
  @ApiContract({ description: 'Applications the caller may see', type: ApplicationList })
  async list(@CurrentActor() actor: Actor, @Query() query: ListApplicationsQuery, @RouteTemplate() route: string) {
    const { items, nextCursor } = await this.applications.list(actor, query, route);
    const allowed = await this.applications.allowedActions(actor, items);
    return { items: items.map((a) => applicationView(a, allowed.get(a.id)!)), nextCursor };
  }

  @Get(':id')
  @ApiContract({ description: 'The application', type: ApplicationResponse, headers: ['ETag'] })
  async get(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @RouteTemplate() route: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const application = await this.applications.read(actor, id, route);
    reply.header('etag', `"${application.version}"`);
    return this.view(actor, application);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiHeader({ name: 'If-Match', required: false, description: 'the ETag you read, e.g. "4"' })
  @ApiContract({
    description: 'The application after the step',
    type: ApplicationResponse,
    headers: ['ETag'],
    hasBody: true,
    codes: [
      'illegal-transition',
      'conflict',
      'version-mismatch',
      'four-eyes',
      'budget-exhausted',
      'not-within-budget',
      'eligibility-pending',
      'programme-closed',
      'amount-out-of-range',
      'reason-required',
      'nothing-supplemented',
      'term-running',
      'objection-term-passed',
      'already-objected',
      'objection-handler-involved',
      'evidence-required',
    ],
  })
  async transition(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: TransitionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @RouteTemplate() route: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { action, ...input } = body;
    // The programme as read before the transition: no allowed action hangs on the counters it changed.
    const { application, programme } = await this.transitions.transition(actor, id, action, input, ifMatch, route);
    reply.header('etag', `"${application.version}"`);
    return this.view(actor, application, programme);
  }

  @Get(':id/history')
  @ApiContract({ description: 'Every step, oldest first', type: HistoryList })
  async history(@CurrentActor() actor: Actor, @Param('id') id: string, @RouteTemplate() route: string) {
    const entries = await this.applications.history(actor, id, route);
    return {
      items: entries.map((e) => ({
        at: e.at.toISOString(),
        action: e.action,
        from: e.fromStatus,
        to: e.toStatus,
        actor: { id: e.actorId, role: e.actorRole },
        reason: e.reason,
      })),
    };
  }
}
