import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
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
import { PageQuery } from '../../platform/http/page-query';
import { IsNotBefore } from '../../platform/http/validators';
import { GENDERS, LOCALES, MAX_CENTS, TARGET_GROUPS, TRAINING_KINDS } from '../../platform/kernel/vocabulary';
import { APPLICATION_STATUSES, CLIENT_TRANSITIONS } from './voucher-lifecycle';
import { ACTIONS } from './application-status';

const ELIGIBILITY_STATUSES = ['pending', 'passed', 'failed'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateMessage = (field: string) => `${field} must be a date like 2027-03-01`;

export class ApplicantDto {
  @ApiProperty({ example: 'Ahmad Al Haj' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'ahmad@example.nl' })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;

  @ApiProperty({ example: '7511 AB' })
  @IsString()
  @Matches(/^[1-9][0-9]{3} ?[A-Za-z]{2}$/, { message: 'postcode must be a Dutch postcode like 7511 AB' })
  postcode: string;

  @ApiProperty({ example: '1990-04-12' })
  @IsString()
  @Matches(DATE, { message: dateMessage('dateOfBirth') })
  @IsISO8601({ strict: true }, { message: dateMessage('dateOfBirth') })
  dateOfBirth: string;

  @ApiProperty({ enum: GENDERS })
  @IsIn(GENDERS)
  gender: (typeof GENDERS)[number];

  @ApiProperty({ enum: TARGET_GROUPS })
  @IsIn(TARGET_GROUPS)
  targetGroup: (typeof TARGET_GROUPS)[number];

  @ApiPropertyOptional({ enum: LOCALES, default: 'nl' })
  @ValidateIf((_, value) => value !== undefined)
  @IsIn(LOCALES)
  locale?: (typeof LOCALES)[number];

  @ApiPropertyOptional({ default: false })
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  publicityConsent?: boolean;
}

export class EmployerDto {
  @ApiProperty({ example: 'Metaalbedrijf Twente BV' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: '12345678' })
  @IsString()
  @Matches(/^[0-9]{8}$/, { message: 'kvkNumber must be eight digits' })
  kvkNumber: string;

  @ApiProperty({ example: '7521 AA' })
  @IsString()
  @Matches(/^[1-9][0-9]{3} ?[A-Za-z]{2}$/, { message: 'postcode must be a Dutch postcode like 7521 AA' })
  postcode: string;
}

export class TrainingDto {
  @ApiProperty({ example: 'De Techniek Academie' })
  @IsString()
  @Length(1, 200)
  provider: string;

  @ApiProperty({ example: 'Vakmanschaptraject Installatietechniek' })
  @IsString()
  @Length(1, 300)
  title: string;

  @ApiProperty({ enum: TRAINING_KINDS })
  @IsIn(TRAINING_KINDS)
  kind: (typeof TRAINING_KINDS)[number];

  @ApiProperty({ example: '2027-03-01' })
  @IsString()
  @Matches(DATE, { message: dateMessage('startsOn') })
  @IsISO8601({ strict: true }, { message: dateMessage('startsOn') })
  startsOn: string;

  @ApiProperty({ example: '2027-09-01' })
  @IsString()
  @Matches(DATE, { message: dateMessage('endsOn') })
  @IsISO8601({ strict: true }, { message: dateMessage('endsOn') })
  @IsNotBefore('startsOn')
  endsOn: string;

  @ApiProperty({ example: 320000 })
  @IsInt()
  @Min(1)
  @Max(MAX_CENTS)
  costCents: number;
}

export class SubmitApplicationDto {
  @ApiProperty({ example: 'ov-2027' })
  @IsString()
  @Length(1, 40)
  programmeCode: string;

  @ApiProperty({ type: ApplicantDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant: ApplicantDto;

  @ApiPropertyOptional({ type: EmployerDto, description: 'required when targetGroup is employee' })
  @ValidateIf((dto: SubmitApplicationDto) => dto.employer !== undefined || dto.applicant?.targetGroup === 'employee')
  @IsDefined({ message: 'employer is required when targetGroup is employee' })
  @IsObject()
  @ValidateNested()
  @Type(() => EmployerDto)
  employer?: EmployerDto;

  @ApiProperty({ type: TrainingDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => TrainingDto)
  training: TrainingDto;

  @ApiProperty({ example: 250000 })
  @IsInt()
  @Min(1)
  @Max(MAX_CENTS)
  requestedAmountCents: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  motivation?: string;
}

/** The longest reason a transition takes. */
export const REASON_MAX_LENGTH = 2000;

export class TransitionDto {
  @ApiProperty({ enum: CLIENT_TRANSITIONS })
  @IsIn(CLIENT_TRANSITIONS)
  action: (typeof CLIENT_TRANSITIONS)[number];

  @ApiPropertyOptional({
    maxLength: REASON_MAX_LENGTH,
    description:
      'why: required for reject, request-information (what is missing), not-consider, object, uphold and dismiss; ' +
      'for supplement it is the answer to the information request; an optional note on complete',
  })
  @IsOptional()
  @IsString()
  @MaxLength(REASON_MAX_LENGTH)
  reason?: string;

  @ApiPropertyOptional({ example: 250000, description: 'grant only; defaults to the requested amount' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CENTS)
  amountCents?: number;
}

export class ListApplicationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: (typeof APPLICATION_STATUSES)[number];

  @ApiPropertyOptional({ example: 'ov-2027' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  programme?: string;

  @ApiPropertyOptional({ enum: ELIGIBILITY_STATUSES, description: 'outcome of the automatic eligibility check' })
  @IsOptional()
  @IsIn(ELIGIBILITY_STATUSES)
  eligibility?: (typeof ELIGIBILITY_STATUSES)[number];
}

// ---- Answers (the OpenAPI document's response schemas; application-representation.ts fills them) ----

export class ActorRefDto {
  @ApiProperty({ example: 'officer-ov-1' })
  id: string;

  @ApiProperty({ example: 'officer' })
  role: string;
}

export class VoucherDto {
  @ApiProperty({ example: 'VV-7F3K-Q9XZ' })
  code: string;

  @ApiProperty({ example: 750 })
  ordinal: number;

  @ApiProperty({ example: 250000 })
  amountCents: number;

  @ApiProperty({ format: 'date', example: '2028-03-07' })
  expiresOn: string;
}

export class EligibilityCheckDto {
  @ApiProperty({ example: 'region' })
  rule: string;

  @ApiProperty({ enum: ['pass', 'fail', 'warn'] })
  outcome: string;

  @ApiProperty({ example: 'Postcode 7511 valt in het werkgebied' })
  message: string;

  @ApiProperty({ example: 'Postcode 7511 is within the region' })
  messageEn: string;
}

export class EligibilityDto {
  @ApiProperty({ enum: ELIGIBILITY_STATUSES })
  status: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  checkedAt: string | null;

  @ApiProperty({ type: [EligibilityCheckDto] })
  checks: EligibilityCheckDto[];
}

export class DecisionDto {
  @ApiProperty({ example: 'reject' })
  action: string;

  @ApiProperty({ type: 'string', nullable: true, example: 'The training is not technical' })
  reason: string | null;

  @ApiPropertyOptional({ format: 'date', example: '2027-04-18' })
  objectionDeadline?: string;
}

export class InformationRequestDto {
  @ApiProperty({ example: 'Send the quotation of the training' })
  reason: string;

  @ApiProperty({ format: 'date', example: '2027-04-01' })
  dueOn: string;

  @ApiPropertyOptional({ format: 'date-time' })
  requestedAt?: string;
}

export class ObjectionDto {
  @ApiProperty({ example: 'The training is technical' })
  reason: string;

  @ApiProperty({ format: 'date-time' })
  lodgedAt: string;

  @ApiProperty({ format: 'date', example: '2027-05-30' })
  decisionDueOn: string;

  @ApiProperty({ type: 'string', enum: ['upheld', 'dismissed', null], nullable: true })
  outcome: string | null;

  @ApiPropertyOptional({ type: 'string', nullable: true })
  outcomeReason?: string | null;

  @ApiPropertyOptional({ type: 'string', format: 'date-time', nullable: true })
  decidedAt?: string | null;
}

/**
 * The applicant as an answer shows them. After the retention period (docs/privacy.md) name,
 * e-mail and date of birth are null and only the digits of the postcode remain.
 */
export class ApplicantView {
  @ApiProperty({ type: 'string', nullable: true, example: 'Ahmad Al Haj' })
  name: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: 'ahmad@example.nl' })
  email: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: '7511 AB' })
  postcode: string | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true, example: '1990-04-12' })
  dateOfBirth: string | null;

  @ApiProperty({ enum: GENDERS })
  gender: string;

  @ApiProperty({ enum: TARGET_GROUPS })
  targetGroup: string;

  @ApiPropertyOptional({ enum: LOCALES })
  locale?: string;

  @ApiPropertyOptional()
  publicityConsent?: boolean;
}

export class EmployerView {
  @ApiProperty({ type: 'string', nullable: true, example: 'Metaalbedrijf Twente BV' })
  name: string | null;

  @ApiProperty({ example: '12345678' })
  kvkNumber: string;

  @ApiProperty({ type: 'string', nullable: true, example: '7521 AA' })
  postcode: string | null;
}

/** An application as GET /api/v1/applications/{id} answers it. */
export class ApplicationResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'OV-2027-000123' })
  reference: string;

  @ApiProperty({ example: 'ov-2027' })
  programmeCode: string;

  @ApiProperty({ enum: APPLICATION_STATUSES })
  status: string;

  @ApiProperty({ example: 4, description: 'the ETag without quotes' })
  version: number;

  @ApiProperty({ type: ApplicantView })
  applicant: ApplicantView;

  @ApiProperty({ type: EmployerView, nullable: true })
  employer: EmployerView | null;

  @ApiProperty({ type: TrainingDto })
  training: TrainingDto;

  @ApiPropertyOptional({ type: 'string', nullable: true })
  motivation?: string | null;

  @ApiProperty({ example: 250000 })
  requestedAmountCents: number;

  @ApiProperty({ type: 'integer', nullable: true, example: 250000 })
  grantedAmountCents: number | null;

  @ApiProperty({ type: VoucherDto, nullable: true, description: 'null until granted' })
  voucher: VoucherDto | null;

  @ApiProperty({ type: EligibilityDto, nullable: true })
  eligibility: EligibilityDto | null;

  @ApiProperty({ type: DecisionDto, nullable: true, description: 'after a reject or not-consider' })
  decision: DecisionDto | null;

  @ApiPropertyOptional({ type: InformationRequestDto, nullable: true })
  informationRequest?: InformationRequestDto | null;

  @ApiPropertyOptional({ type: ObjectionDto, nullable: true })
  objection?: ObjectionDto | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 42,
    description: 'place in the programme (1 = first); null while a lottery day is not yet drawn',
  })
  rank: number | null;

  @ApiProperty({
    type: 'string',
    enum: ['within', 'reserve', null],
    nullable: true,
    description: 'within budget or on the reserve list; null once the application holds nothing or is closed',
  })
  budgetPosition: 'within' | 'reserve' | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: null,
    description: 'on the reserve list: 1 = next to move up',
  })
  reservePosition: number | null;

  @ApiProperty({ enum: ACTIONS, isArray: true, description: 'what the caller may do now' })
  allowedActions: string[];

  @ApiProperty({ format: 'date-time' })
  submittedAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class ApplicationList {
  @ApiProperty({ type: [ApplicationResponse] })
  items: ApplicationResponse[];

  @ApiProperty({ type: 'string', nullable: true, description: 'give as ?cursor= for the next page' })
  nextCursor: string | null;
}

export class HistoryEntryDto {
  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ enum: ACTIONS })
  action: string;

  @ApiProperty({ type: 'string', enum: [...APPLICATION_STATUSES, null], nullable: true })
  from: string | null;

  @ApiProperty({ enum: APPLICATION_STATUSES })
  to: string;

  @ApiProperty({ type: ActorRefDto })
  actor: ActorRefDto;

  @ApiProperty({ type: 'string', nullable: true })
  reason: string | null;
}

export class HistoryList {
  @ApiProperty({ type: [HistoryEntryDto], description: 'oldest first' })
  items: HistoryEntryDto[];
}
