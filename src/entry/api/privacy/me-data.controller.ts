import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../../../platform/kernel/actor';
import { CurrentActor } from '../../../platform/auth/current-actor.decorator';
import { Roles, RolesGuard } from '../../../platform/auth/roles.guard';
import { ApiContract } from '../../../platform/http/api-contract';
import { PersonalDataResponse } from '../../../features/privacy/personal-data.dto';
import { PersonalDataExportService } from '../../../features/privacy/personal-data-export.service';
import { personalDataDocument, personalDataFileName } from '../../../features/privacy/personal-data-document';

/** GET /api/v1/me/data: everything held about the calling applicant (GDPR art. 15), as JSON. */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('api/v1/me/data')
@UseGuards(RolesGuard)
export class MeDataController {
  constructor(private readonly exports: PersonalDataExportService) {}

  @Roles('applicant')
  @Get()
  @ApiContract({
    description: 'Everything held about the caller (GDPR art. 15)',
    type: PersonalDataResponse,
    headers: ['Content-Disposition'],
  })
  async export(@CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply) {
    const data = await this.exports.export(actor);
    reply.header('content-disposition', `attachment; filename="${personalDataFileName(data)}"`);
    return personalDataDocument(data, actor.role);
  }
}
