import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../../../platform/kernel/actor';
import { dutchDate } from '../../../platform/kernel/dates';
import { CurrentActor } from '../../../platform/auth/current-actor.decorator';
import { Roles, RolesGuard } from '../../../platform/auth/roles.guard';
import { PersonalDataExportService } from '../../../features/privacy/personal-data-export.service';
import { applicationView } from '../applications/application.view';

/** GET /api/v1/me/data: everything held about the calling applicant (GDPR art. 15), as JSON. */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('api/v1/me/data')
@UseGuards(RolesGuard)
export class MeDataController {
  constructor(private readonly exports: PersonalDataExportService) {}

  @Roles('applicant')
  @Get()
  async export(@CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply) {
    const data = await this.exports.export(actor);
    reply.header(
      'content-disposition',
      `attachment; filename="vakvoucher-my-data-${dutchDate(data.generatedAt)}.json"`,
    );
    return {
      subject: { id: data.subjectId, role: actor.role },
      generatedAt: data.generatedAt.toISOString(),
      retention: { years: data.retentionYears },
      applications: data.applications.map(({ application: a, history, accessLog }) => {
        // What the caller may do now is on GET /applications/{id}; the export is a record.
        const { allowedActions: _actions, ...view } = applicationView(a, []);
        return {
          ...view,
          closedAt: a.closedAt?.toISOString() ?? null,
          personalDataRemovedAt: a.personalDataRemovedAt?.toISOString() ?? null,
          history: history.map((h) => ({
            at: h.at.toISOString(),
            action: h.action,
            from: h.fromStatus,
            to: h.toStatus,
            actor: { id: h.actorId, role: h.actorRole },
            reason: h.reason,
          })),
          accessLog: accessLog.map((r) => ({
            at: r.at.toISOString(),
            actor: { id: r.actorId, role: r.actorRole },
            route: r.route,
          })),
        };
      }),
      messages: data.messages,
    };
  }
}
