import { Controller, Get, Param } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiContract } from '../../../platform/http/api-contract';
import { Public } from '../../../platform/auth/public.decorator';
import { LotteryService } from '../../../features/allocation/lottery.service';
import { ALLOCATIONS } from '../../../features/programmes/allocation-rule';

export class LotteryDayDto {
  @ApiProperty({
    example: '2027-01-04',
    description: 'the calendar day (Europe/Amsterdam) whose applications it ranks',
  })
  day: string;

  @ApiProperty({
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    description: 'SHA-256 of the seed, hex; published before the day',
  })
  seedSha256: string;

  @ApiProperty({ example: '2027-01-03T00:01:00.000Z', description: 'when the seed hash was published' })
  publishedAt: string;

  @ApiPropertyOptional({ example: '2027-01-05T00:01:00.000Z', nullable: true, type: String })
  drawnAt: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'the seed (32 bytes, hex), once the day is drawn' })
  seed: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'the rank of the first reference of the order' })
  firstRank: number | null;

  @ApiPropertyOptional({
    nullable: true,
    type: [String],
    example: ['OV-2027-000412', 'OV-2027-000398'],
    description: 'the references of the day in the drawn order: sorted by HMAC-SHA256(seed, reference), lowest first',
  })
  references: string[] | null;
}

export class LotteryDto {
  @ApiProperty({ example: 'ov-2027' })
  programmeCode: string;

  @ApiProperty({ enum: ALLOCATIONS })
  allocation: string;

  @ApiProperty({ type: [LotteryDayDto], description: 'oldest first; empty for a first-come programme' })
  days: LotteryDayDto[];
}

@ApiTags('programmes')
@Controller('api/v1/programmes')
export class LotteryController {
  constructor(private readonly lottery: LotteryService) {}

  /** Public: what anyone needs to recompute each drawn day's order (docs/api.md). */
  @Public()
  @Get(':code/lottery')
  @ApiContract({
    description: "Each day's published seed hash and, once drawn, its seed and order",
    type: LotteryDto,
    isPublic: true,
  })
  get(@Param('code') code: string): Promise<LotteryDto> {
    return this.lottery.published(code);
  }
}
