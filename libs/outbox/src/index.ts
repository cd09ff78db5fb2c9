export * from './outbox-message.entity';
export * from './write-outbox';
