import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../platform/kernel/actor';
import { CurrentActor } from '../../../platform/auth/current-actor.decorator';
import { RouteTemplate } from '../../../platform/http/route-template.decorator';
import { ApiContract } from '../../../platform/http/api-contract';
import { MilestoneList } from '../../../features/milestones/milestone.dto';
import { MilestonesService } from '../../../features/milestones/milestones.service';

@ApiTags('programmes')
@ApiBearerAuth()
@Controller('api/v1/programmes')
export class MilestonesController {
  constructor(private readonly milestones: MilestonesService) {}

  /** Officer in scope, provincial staff of the programme's province, admin; anyone else 404. */
  @Get(':code/milestones')
  @ApiContract({ description: 'The milestones reached', type: MilestoneList })
  list(@CurrentActor() actor: Actor, @Param('code') code: string, @RouteTemplate() route: string) {
    return this.milestones.list(actor, code, route);
  }
}
