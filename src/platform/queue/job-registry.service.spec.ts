import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { AppConfig, loadConfig } from '../config/app-config';
import { JobName } from './job-catalogue';
import { JobRegistry } from './job-registry.service';
import { OnJob } from './on-job.decorator';

@Injectable()
class MaintenanceHandlers {
  @OnJob(JobName.ExpireVouchers)
  async expire() {
    return 'done' as const;
  }

  @OnJob(JobName.RecheckPendingEligibility)
  async recheck() {
    return 'skipped' as const;
  }

  @OnJob(JobName.CompactReportCounters)
  async compact() {
    return 'skipped' as const;
  }

  @OnJob(JobName.RemoveExpiredPersonalData)
  async removePersonalData() {
    return 'done' as const;
  }
}

@Injectable()
class SecondExpiryHandler {
  @OnJob(JobName.ExpireVouchers)
  async expireAgain() {
    return 'done' as const;
  }
}

async function registryWith(queues: string, providers: unknown[]) {
  const config = loadConfig({ AUTH_JWT_SECRET: 'a-secret-of-enough-length', WORKER_QUEUES: queues });
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [{ provide: AppConfig, useValue: config }, JobRegistry, ...(providers as never[])],
  }).compile();
  await moduleRef.init();
  return moduleRef.get(JobRegistry);
}

describe('JobRegistry', () => {
  it('starts when every job of the served queues has one handler, and dispatches to it', async () => {
    const registry = await registryWith('maintenance', [MaintenanceHandlers]);
    await expect(registry.handle(JobName.ExpireVouchers, {})).resolves.toBe('done');
  });

  it('refuses to start when a job of a served queue has no handler', async () => {
    await expect(registryWith('maintenance,eligibility', [MaintenanceHandlers])).rejects.toThrow(
      'job check-eligibility has no handler',
    );
  });

  it('refuses to start when a job has two handlers', async () => {
    await expect(registryWith('maintenance', [MaintenanceHandlers, SecondExpiryHandler])).rejects.toThrow(
      /job expire-vouchers has 2 handlers: MaintenanceHandlers.expire, SecondExpiryHandler.expireAgain/,
    );
  });

  it('checks every job when the process serves every queue', async () => {
    await expect(registryWith('', [MaintenanceHandlers])).rejects.toThrow(/check-eligibility has no handler/);
  });
});
