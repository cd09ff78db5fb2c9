import { Body, Controller, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiContract } from '../../../platform/http/api-contract';
import { Public } from '../../../platform/auth/public.decorator';
import { Roles, RolesGuard } from '../../../platform/auth/roles.guard';
import {
  CreateProgrammeDto,
  ProgrammeList,
  ProgrammeResponse,
  UpdateProgrammeDto,
} from '../../../features/programmes/programme.dto';
import { programmeView } from './programme.view';
import { ProgrammesService } from '../../../features/programmes/programmes.service';

@ApiTags('programmes')
@Controller('api/v1/programmes')
@UseGuards(RolesGuard)
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Public()
  @Get()
  @ApiContract({ description: 'Every programme', type: ProgrammeList, isPublic: true })
  async list() {
    return { items: (await this.programmes.list()).map(programmeView), nextCursor: null };
  }

  @Public()
  @Get(':code')
  @ApiContract({ description: 'The programme', type: ProgrammeResponse, isPublic: true })
  async get(@Param('code') code: string) {
    return programmeView(await this.programmes.get(code));
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post()
  @HttpCode(201)
  @ApiContract({
    status: 201,
    description: 'The new programme',
    type: ProgrammeResponse,
    hasBody: true,
    codes: ['programme-exists'],
  })
  async create(@Body() body: CreateProgrammeDto) {
    return programmeView(await this.programmes.create(body));
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Patch(':code')
  @ApiContract({
    description: 'The changed programme',
    type: ProgrammeResponse,
    hasBody: true,
    codes: ['budget-below-commitments', 'allocation-fixed'],
  })
  async update(@Param('code') code: string, @Body() body: UpdateProgrammeDto) {
    return programmeView(await this.programmes.update(code, body));
  }
}
