import { ApiProperty } from '@nestjs/swagger';

/** One in-app message of the caller's inbox. */
export class InAppMessageResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Uw aanvraag is toegekend' })
  subject: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  readAt: string | null;

  @ApiProperty({ type: 'string', format: 'uuid', nullable: true })
  applicationId: string | null;
}

export class InAppMessageList {
  @ApiProperty({ type: [InAppMessageResponse], description: 'newest first' })
  items: InAppMessageResponse[];

  @ApiProperty({ type: 'string', nullable: true, description: 'give as ?cursor= for the next page' })
  nextCursor: string | null;
}
