import { OutboxMessage } from './platform/outbox';
import { Application } from './features/applications/application.entity';
import { HistoryEntry } from './features/applications/history-entry.entity';
import { Milestone } from './features/milestones/milestone.entity';
import { Programme } from './features/programmes/programme.entity';

export const ENTITIES = [Programme, Application, HistoryEntry, Milestone, OutboxMessage];
