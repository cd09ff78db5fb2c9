import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { WEBHOOK_EVENTS } from './webhook-events';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://fonds.example.nl/vakvoucher/events', description: 'https outside local mode' })
  @IsString()
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, example: ['application.granted'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events: string[];

  @ApiProperty({
    type: 'string',
    isArray: true,
    example: ['ov-2027'],
    description: 'programme codes, or ["*"] for all',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @Matches(/^(\*|[a-z0-9][a-z0-9-]{1,39})$/, { each: true, message: 'programmes must be programme codes or *' })
  programmes: string[];

  @ApiPropertyOptional({ example: 'Financial system of the fund', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class WebhookResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'https://fonds.example.nl/vakvoucher/events' })
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  events: string[];

  @ApiProperty({ type: 'string', isArray: true, example: ['ov-2027'] })
  programmes: string[];

  @ApiProperty({ type: 'string', nullable: true })
  description: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class CreatedWebhookResponse extends WebhookResponse {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'to verify the signatures (Standard Webhooks); shown only in this answer',
  })
  secret: string;
}

export class WebhookList {
  @ApiProperty({ type: [WebhookResponse] })
  items: WebhookResponse[];
}

export class WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid', description: 'also the webhook-id header of every attempt' })
  id: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS })
  event: string;

  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] })
  status: string;

  @ApiProperty({ example: 1 })
  attempts: number;

  @ApiProperty({ type: 'integer', nullable: true, example: 200 })
  lastResponseStatus: number | null;

  @ApiProperty({ type: 'string', nullable: true })
  lastError: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'while pending' })
  nextAttemptAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  deliveredAt: string | null;
}

export class WebhookDeliveryList {
  @ApiProperty({ type: [WebhookDeliveryResponse], description: 'newest first' })
  items: WebhookDeliveryResponse[];
}
