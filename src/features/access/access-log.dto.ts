import { ApiProperty } from '@nestjs/swagger';

export class AccessLogActorDto {
  @ApiProperty({ example: 'officer-ov-1' })
  id: string;

  @ApiProperty({ example: 'officer' })
  role: string;
}

/** One read of personal data by a member of staff. */
export class AccessLogEntryResponse {
  @ApiProperty({ example: '42', description: 'the entry number' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ type: AccessLogActorDto })
  actor: AccessLogActorDto;

  @ApiProperty({ format: 'uuid' })
  applicationId: string;

  @ApiProperty({ example: 'GET /api/v1/applications/:id' })
  route: string;
}

export class AccessLogList {
  @ApiProperty({ type: [AccessLogEntryResponse], description: 'newest first' })
  items: AccessLogEntryResponse[];

  @ApiProperty({ type: 'string', nullable: true })
  nextCursor: string | null;
}
