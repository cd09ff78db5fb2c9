import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../platform/kernel/actor';
import { DEFAULT_PAGE_SIZE, PageQuery } from '../../../platform/http/page-query';
import { CurrentActor } from '../../../platform/auth/current-actor.decorator';
import { ApiContract } from '../../../platform/http/api-contract';
import { InAppMessageList } from '../../../features/notifications/notification.dto';
import { NotificationsService } from '../../../features/notifications/notifications.service';

/** The caller's own in-app messages, whatever their role: applicants and staff alike. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/me/notifications')
export class MeNotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiContract({ description: "The caller's in-app messages, newest first", type: InAppMessageList })
  inbox(@CurrentActor() actor: Actor, @Query() query: PageQuery) {
    return this.notifications.inbox(actor.id, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }
}
