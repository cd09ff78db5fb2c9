import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { DomainError } from '../../platform/kernel/domain-error';
import { invalidRequest } from '../../platform/http/validation.pipe';
import { CreateProgrammeDto, UpdateProgrammeDto } from './programme.dto';
import { ProgrammeCache } from './programme-cache';
import { Programme } from './programme.entity';

const pgCode = (error: unknown) => (error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined);

/** Rules across fields, for a new programme and for one after a change alike. */
function checkConsistent(p: Pick<Programme, 'minAmountCents' | 'maxAmountCents' | 'opensAt' | 'closesAt'>): void {
  if (p.maxAmountCents < p.minAmountCents) {
    throw invalidRequest([{ name: 'maxAmountCents', reason: 'maxAmountCents must be at least minAmountCents' }]);
  }
  if (p.closesAt <= p.opensAt) throw invalidRequest([{ name: 'closesAt', reason: 'closesAt must be after opensAt' }]);
}

@Injectable()
export class ProgrammesService {
  constructor(
    @InjectRepository(Programme) private readonly programmes: Repository<Programme>,
    private readonly cache: ProgrammeCache,
  ) {}

  list(): Promise<Programme[]> {
    return this.programmes.find({ order: { opensAt: 'DESC', code: 'ASC' } });
  }

  async get(code: string): Promise<Programme> {
    const programme = await this.programmes.findOneBy({ code });
    if (!programme) throw new DomainError('not-found', `No programme ${code}`);
    return programme;
  }

  async create(input: CreateProgrammeDto): Promise<Programme> {
    checkConsistent({ ...input, opensAt: new Date(input.opensAt), closesAt: new Date(input.closesAt) });
    const programme = this.programmes.create({
      ...input,
      opensAt: new Date(input.opensAt),
      closesAt: new Date(input.closesAt),
      providerCap: input.providerCap ?? null,
      milestones: [...input.milestones].sort((a, b) => a - b),
    });
    try {
      return await this.programmes.save(programme);
    } catch (error) {
      if (pgCode(error) === '23505') throw new DomainError('programme-exists', `Programme ${input.code} exists already`);
      throw error;
    }
  }

  async update(code: string, input: UpdateProgrammeDto): Promise<Programme> {
    const nulls = Object.entries(input).filter(([key, value]) => value === null && key !== 'providerCap');
    if (nulls.length > 0) {
      throw invalidRequest(nulls.map(([name]) => ({ name, reason: `${name} may not be null` })));
    }
    const programme = await this.get(code);
    const changes: Partial<Programme> = {
      ...input,
      ...(input.opensAt !== undefined && { opensAt: new Date(input.opensAt) }),
      ...(input.closesAt !== undefined && { closesAt: new Date(input.closesAt) }),
      ...(input.milestones !== undefined && { milestones: [...input.milestones].sort((a, b) => a - b) }),
    } as Partial<Programme>;
    checkConsistent({ ...programme, ...changes });
    // Counters are never written from here: only the lifecycle changes them, atomically.
    const { grantedCount, committedCents, spentCents, ...writable } = changes;
    void grantedCount, void committedCents, void spentCents;
    try {
      await this.programmes.update({ id: programme.id }, writable);
      this.cache.forget(programme);
    } catch (error) {
      if (pgCode(error) === '23514') {
        throw new DomainError('budget-below-commitments', 'budgetCents may not drop below what is committed and spent');
      }
      throw error;
    }
    return this.get(code);
  }
}
