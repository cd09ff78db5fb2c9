import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ALLOCATIONS, Allocation } from './allocation-rule';
import { IsAtLeast, IsNotBefore, IsPostcodeRanges } from '../../platform/http/validators';
import { MAX_BUDGET_CENTS, MAX_CENTS, TARGET_GROUPS, TRAINING_KINDS } from '../../platform/kernel/vocabulary';
import { MAX_REASON_TEXT_LENGTH, MAX_REASON_TEXTS } from './reason-texts';

export class RegionDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'string', example: '7400' }, minItems: 2, maxItems: 2 },
    example: [
      ['7400', '7799'],
      ['8000', '8299'],
    ],
  })
  @IsPostcodeRanges()
  postcodeRanges: [string, string][];
}

export class TargetsDto {
  @ApiPropertyOptional({ example: 470 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  vouchers?: number;
}

/** Standard texts per action (REASON_TEXT_ACTIONS); any other key is refused as unknown. */
export class ReasonTextsDto {
  @ApiPropertyOptional({ type: [String], maxItems: MAX_REASON_TEXTS })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(MAX_REASON_TEXTS)
  @IsString({ each: true })
  @Length(1, MAX_REASON_TEXT_LENGTH, { each: true })
  'request-information'?: string[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_REASON_TEXTS,
    example: ['You do not meet the conditions of the programme.'],
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(MAX_REASON_TEXTS)
  @IsString({ each: true })
  @Length(1, MAX_REASON_TEXT_LENGTH, { each: true })
  reject?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: MAX_REASON_TEXTS })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(MAX_REASON_TEXTS)
  @IsString({ each: true })
  @Length(1, MAX_REASON_TEXT_LENGTH, { each: true })
  'not-consider'?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: MAX_REASON_TEXTS })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(MAX_REASON_TEXTS)
  @IsString({ each: true })
  @Length(1, MAX_REASON_TEXT_LENGTH, { each: true })
  dismiss?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: MAX_REASON_TEXTS })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(MAX_REASON_TEXTS)
  @IsString({ each: true })
  @Length(1, MAX_REASON_TEXT_LENGTH, { each: true })
  uphold?: string[];
}

export class CreateProgrammeDto {
  @ApiProperty({ example: 'ov-2027' })
  @Matches(/^[a-z0-9][a-z0-9-]{1,39}$/, { message: 'code must be 2–40 lower-case letters, digits or dashes' })
  code: string;

  @ApiProperty({ example: 'Overijssels Vakmanschap 2027' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'OV' })
  @Matches(/^[A-Z]{2}$/, { message: 'province must be two capital letters, e.g. OV' })
  province: string;

  @ApiProperty({ example: ['Provincie Overijssel', 'OTIB', 'OOM'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  funders: string[];

  @ApiProperty({ example: 160000000 })
  @IsInt()
  @Min(0)
  @Max(MAX_BUDGET_CENTS)
  budgetCents: number;

  @ApiProperty({ example: 100000 })
  @IsInt()
  @Min(1)
  @Max(MAX_CENTS)
  minAmountCents: number;

  @ApiProperty({ example: 300000 })
  @IsInt()
  @Min(1)
  @Max(MAX_CENTS)
  @IsAtLeast('minAmountCents')
  maxAmountCents: number;

  @ApiProperty({ example: 100 })
  @IsInt()
  @Min(1)
  @Max(100)
  maxCoFundingPercent: number;

  @ApiProperty({ example: '2027-01-01T00:00:00+01:00' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @MaxLength(40)
  opensAt: string;

  @ApiProperty({ example: '2028-12-31T23:59:59+01:00' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @MaxLength(40)
  @IsNotBefore('opensAt')
  closesAt: string;

  @ApiProperty({ type: RegionDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RegionDto)
  region: RegionDto;

  @ApiProperty({ enum: TARGET_GROUPS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TARGET_GROUPS, { each: true })
  targetGroups: string[];

  @ApiProperty({ enum: TRAINING_KINDS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TRAINING_KINDS, { each: true })
  trainingKinds: string[];

  @ApiProperty({ type: 'integer', isArray: true, example: [250, 500, 750, 1000] })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(10_000_000, { each: true })
  milestones: number[];

  @ApiProperty({ type: TargetsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => TargetsDto)
  targets: TargetsDto;

  @ApiProperty({ example: true })
  @IsBoolean()
  fourEyes: boolean;

  @ApiProperty({ example: 365 })
  @IsInt()
  @Min(1)
  @Max(3650)
  voucherValidityDays: number;

  @ApiPropertyOptional({
    example: 14,
    default: 14,
    description: 'days an applicant has to supply what an officer asked for (Awb 4:5); at least 1',
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsInt({ message: 'informationTermDays must be a whole number of days' })
  @Min(1, { message: 'informationTermDays must be at least 1' })
  @Max(365, { message: 'informationTermDays must be at most 365' })
  informationTermDays?: number;

  @ApiPropertyOptional({ type: 'integer', example: 300, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  providerCap?: number | null;

  @ApiPropertyOptional({
    type: ReasonTextsDto,
    description:
      'standard texts an officer may pick (and edit) as the reason of request-information, reject, not-consider, dismiss and uphold; at most 5 per action, each 1–500 characters; empty or absent: the default texts',
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => ReasonTextsDto)
  reasonTexts?: ReasonTextsDto;

  @ApiPropertyOptional({
    enum: ALLOCATIONS,
    default: 'first-come',
    description:
      'how the budget goes out: in order of submission, or by a daily lottery; fixed once the programme has applications',
  })
  @ValidateIf((_, value) => value !== undefined)
  @IsIn(ALLOCATIONS, { message: `allocation must be one of ${ALLOCATIONS.join(', ')}` })
  allocation?: Allocation;
}

export class UpdateProgrammeDto extends PartialType(OmitType(CreateProgrammeDto, ['code'] as const)) {}

/** A programme as the api answers it: what was set, and its read-only counters. */
export class ProgrammeResponse extends CreateProgrammeDto {
  @ApiProperty({ example: 120 })
  grantedCount: number;

  @ApiProperty({ example: 30000000 })
  committedCents: number;

  @ApiProperty({ example: 5000000 })
  spentCents: number;

  @ApiProperty({ example: 125000000 })
  availableCents: number;

  @ApiProperty({ enum: ['upcoming', 'open', 'closed'] })
  status: string;
}

export class ProgrammeList {
  @ApiProperty({ type: [ProgrammeResponse] })
  items: ProgrammeResponse[];

  @ApiProperty({ type: 'string', nullable: true })
  nextCursor: string | null;
}
