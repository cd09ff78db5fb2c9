import { OutboxMessage } from '@vakvoucher/outbox';
import { Application } from '../modules/applications/application.entity';
import { HistoryEntry } from '../modules/applications/history-entry.entity';
import { Milestone } from '../modules/milestones/milestone.entity';
import { Programme } from '../modules/programmes/programme.entity';

export const ENTITIES = [Programme, Application, HistoryEntry, Milestone, OutboxMessage];
