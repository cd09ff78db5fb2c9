import 'reflect-metadata';
import { checkServicesOrExit, loadConfigOrExit } from './platform/config/boot';
import { createWorkerContext } from './worker.factory';

/** The worker role: BullMQ processors, the outbox relay and the schedulers; no HTTP. */
export async function startWorker(): Promise<void> {
  const config = loadConfigOrExit();
  await checkServicesOrExit(config);
  await createWorkerContext(config);
}

if (require.main === module) void startWorker();
