import { ApiProperty } from '@nestjs/swagger';

export class MilestoneHolderDto {
  @ApiProperty({ example: 'Ahmad Al Haj' })
  name: string;
}

export class MilestoneResponse {
  @ApiProperty({ example: 750 })
  threshold: number;

  @ApiProperty({ format: 'date-time' })
  reachedAt: string;

  @ApiProperty({ example: 750 })
  ordinal: number;

  @ApiProperty({ example: 'OV-2027-000812' })
  applicationReference: string;

  @ApiProperty({ type: MilestoneHolderDto, nullable: true, description: "only with the applicant's publicity consent" })
  holder: MilestoneHolderDto | null;
}

export class MilestoneList {
  @ApiProperty({ type: [MilestoneResponse] })
  items: MilestoneResponse[];
}
