import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ClamAvScanner, VIRUS_SCANNER, VirusScanner } from './clamav-scanner';

export function scannerFor(config: AppConfig): VirusScanner | null {
  return config.CLAMAV_URL ? ClamAvScanner.fromUrl(config.CLAMAV_URL, config.CLAMAV_TIMEOUT_MS) : null;
}

/** The virus scanner: clamd when CLAMAV_URL is set, else none (null). */
@Global()
@Module({
  providers: [{ provide: VIRUS_SCANNER, inject: [AppConfig], useFactory: scannerFor }],
  exports: [VIRUS_SCANNER],
})
export class ScanningModule {}
