import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { Programme } from './programme.entity';

/**
 * Programmes as submit reads them (by code), kept for PROGRAMME_CACHE_MS. Submit uses only
 * what changes rarely (the period, the province, the year); transitions read the programme
 * fresh, because their guards look at the budget. A change through this process forgets the
 * entry at once; other processes see it within PROGRAMME_CACHE_MS.
 */
@Injectable()
export class ProgrammeCache {
  private readonly entries = new Map<string, { programme: Programme; until: number }>(); // by code

  constructor(
    @InjectRepository(Programme) private readonly programmes: Repository<Programme>,
    private readonly config: AppConfig,
  ) {}

  byCode(code: string): Promise<Programme | null> {
    return this.read(code, () => this.programmes.findOneBy({ code }));
  }

  forget(programme: Pick<Programme, 'code'>): void {
    this.entries.delete(programme.code);
  }

  private async read(key: string, load: () => Promise<Programme | null>): Promise<Programme | null> {
    const hit = this.entries.get(key);
    if (hit && hit.until > Date.now()) return hit.programme;
    const programme = await load();
    if (programme && this.config.PROGRAMME_CACHE_MS > 0) {
      this.entries.set(key, { programme, until: Date.now() + this.config.PROGRAMME_CACHE_MS });
    }
    return programme;
  }
}
