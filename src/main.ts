import 'reflect-metadata';
import { createApiApp } from './app.factory';
import { checkServicesOrExit, loadConfigOrExit } from './platform/config/boot';

/** The api role: HTTP only. (The worker role is src/worker.ts.) */
export async function startApi(): Promise<void> {
  const config = loadConfigOrExit();
  await checkServicesOrExit(config);
  const app = await createApiApp(config);
  await app.listen(config.PORT, '0.0.0.0');
}

if (require.main === module) void startApi();
