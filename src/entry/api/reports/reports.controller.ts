import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../../../platform/kernel/actor';
import { CurrentActor } from '../../../platform/auth/current-actor.decorator';
import { negotiated } from '../../../platform/http/content-negotiation';
import { reportCsvFile } from '../../../features/reports/report-csv';
import { ApiContract } from '../../../platform/http/api-contract';
import { ProgrammeReportResponse, ProvinceReportResponse } from '../../../features/reports/report.dto';
import { ReportsService } from '../../../features/reports/reports.service';

/**
 * Programme and province reports: JSON, or CSV with `Accept: text/csv`. Anyone who may not
 * see a report is told it does not exist (404), whatever their role.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('programmes/:code/report')
  @ApiProduces('application/json', 'text/csv')
  @ApiContract({
    description: "The programme's report: JSON, or CSV with Accept: text/csv",
    type: ProgrammeReportResponse,
    alsoProduces: { 'text/csv': { type: 'string' } },
    headers: ['Content-Disposition'],
  })
  async programme(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const report = await this.reports.programmeReport(actor, code);
    return negotiated(reply, accept, {
      json: report,
      csv: () => reportCsvFile(report),
    });
  }

  @Get('provinces/:province/report')
  @ApiProduces('application/json', 'text/csv')
  @ApiContract({
    description: "The province's report: JSON, or CSV with Accept: text/csv",
    type: ProvinceReportResponse,
    alsoProduces: { 'text/csv': { type: 'string' } },
    headers: ['Content-Disposition'],
  })
  async province(
    @CurrentActor() actor: Actor,
    @Param('province') province: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const report = await this.reports.provinceReport(actor, province);
    return negotiated(reply, accept, {
      json: report,
      csv: () => reportCsvFile(report),
    });
  }
}
