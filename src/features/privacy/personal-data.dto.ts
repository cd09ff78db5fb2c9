import { ApiProperty } from '@nestjs/swagger';

export class DataSubjectDto {
  @ApiProperty({ example: 'applicant-1' })
  id: string;

  @ApiProperty({ example: 'applicant' })
  role: string;
}

export class RetentionDto {
  @ApiProperty({ example: 7 })
  years: number;
}

/**
 * Everything held about the caller (GDPR art. 15): each application with its history, its
 * documents' metadata and who of the staff read it, and every message sent to the caller.
 */
export class PersonalDataResponse {
  @ApiProperty({ type: DataSubjectDto })
  subject: DataSubjectDto;

  @ApiProperty({ format: 'date-time' })
  generatedAt: string;

  @ApiProperty({ type: RetentionDto })
  retention: RetentionDto;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', description: 'the application, with history, documents and accessLog' },
  })
  applications: object[];

  @ApiProperty({ type: 'array', items: { type: 'object' } })
  messages: object[];
}
