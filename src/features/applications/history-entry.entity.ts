import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('application_history')
export class HistoryEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column() action: string;
  @Column({ name: 'from_status', type: 'text', nullable: true }) fromStatus: string | null;
  @Column({ name: 'to_status' }) toStatus: string;
  @Column({ name: 'actor_id' }) actorId: string;
  @Column({ name: 'actor_role' }) actorRole: string;
  @Column({ type: 'text', nullable: true }) reason: string | null;
}
