import { ApiProperty } from '@nestjs/swagger';

export class ReportProgrammeDto {
  @ApiProperty({ example: 'ov-2027' })
  code: string;

  @ApiProperty({ example: 'Overijssels Vakmanschap 2027' })
  name: string;

  @ApiProperty({ example: 'OV' })
  province: string;

  @ApiProperty({ enum: ['upcoming', 'open', 'closed'] })
  status: string;
}

export class ReportBudgetDto {
  @ApiProperty({ example: 160000000 })
  totalCents: number;

  @ApiProperty({ example: 50000000 })
  committedCents: number;

  @ApiProperty({ example: 10000000 })
  spentCents: number;

  @ApiProperty({ example: 100000000 })
  availableCents: number;
}

export class ReportVouchersDto {
  @ApiProperty({ example: 120 })
  granted: number;

  @ApiProperty({ type: 'integer', nullable: true, example: 470 })
  target: number | null;
}

/**
 * A programme's report: counts by status, target group, gender, training kind and month; the
 * budget; milestones; targets against actuals; the next milestone with its forecast. Small
 * counts are suppressed for roles that may not see them (`disclosure`).
 */
export class ProgrammeReportResponse {
  @ApiProperty({ type: ReportProgrammeDto })
  programme: ReportProgrammeDto;

  @ApiProperty({ format: 'date-time' })
  generatedAt: string;

  @ApiProperty({ type: ReportBudgetDto })
  budget: ReportBudgetDto;

  @ApiProperty({ type: ReportVouchersDto })
  vouchers: ReportVouchersDto;
}

export class ProvinceTotalsDto {
  @ApiProperty({ type: ReportBudgetDto })
  budget: ReportBudgetDto;

  @ApiProperty({ type: ReportVouchersDto })
  vouchers: ReportVouchersDto;
}

/** The same figures over every programme of a province that the caller may see. */
export class ProvinceReportResponse {
  @ApiProperty({ example: 'OV' })
  province: string;

  @ApiProperty({ format: 'date-time' })
  generatedAt: string;

  @ApiProperty({ type: [ProgrammeReportResponse] })
  programmes: ProgrammeReportResponse[];

  @ApiProperty({ type: ProvinceTotalsDto })
  totals: ProvinceTotalsDto;
}
