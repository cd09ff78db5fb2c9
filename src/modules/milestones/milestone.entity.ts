import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('milestones')
export class Milestone {
  @PrimaryColumn({ name: 'programme_id', type: 'uuid' }) programmeId: string;
  @PrimaryColumn({ type: 'integer' }) threshold: number;
  @Column({ type: 'integer' }) ordinal: number;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ name: 'reached_at', type: 'timestamptz' }) reachedAt: Date;
}
