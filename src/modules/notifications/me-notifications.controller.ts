import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Actor } from '../../common/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { NotificationsService } from './notifications.service';

export class InboxQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

/** The caller's own in-app messages, whatever their role: applicants and staff alike. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/me/notifications')
export class MeNotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  inbox(@CurrentActor() actor: Actor, @Query() query: InboxQuery) {
    return this.notifications.inbox(actor.id, query.limit ?? 50, query.cursor);
  }
}
