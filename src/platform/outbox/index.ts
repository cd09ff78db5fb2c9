export * from './outbox-events';
export * from './outbox-message.entity';
export * from './outbox-relay';
export * from './write-outbox';
