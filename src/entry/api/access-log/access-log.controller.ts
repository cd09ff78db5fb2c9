import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { DEFAULT_PAGE_SIZE, PageQuery } from '../../../platform/http/page-query';
import { Roles, RolesGuard } from '../../../platform/auth/roles.guard';
import { ApiContract } from '../../../platform/http/api-contract';
import { AccessLogList } from '../../../features/access/access-log.dto';
import { AccessLog } from '../../../features/access/access-log.service';

class AccessLogQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'an application id' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  application?: string;

  @ApiPropertyOptional({ description: "a staff member's id (the token's sub)" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ description: 'from this time on (ISO 8601)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({ description: 'before this time (ISO 8601)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;
}

/** GET /api/v1/access-log: the staff reads of personal data, for admins, newest first. */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('api/v1/access-log')
@UseGuards(RolesGuard)
export class AccessLogController {
  constructor(private readonly accessLog: AccessLog) {}

  @Roles('admin')
  @Get()
  @ApiContract({ description: 'Staff reads of personal data, newest first', type: AccessLogList })
  async list(@Query() query: AccessLogQuery) {
    const { items, nextCursor } = await this.accessLog.query({ ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
    return {
      items: items.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        actor: { id: e.actorId, role: e.actorRole },
        applicationId: e.applicationId,
        route: e.route,
      })),
      nextCursor,
    };
  }
}
