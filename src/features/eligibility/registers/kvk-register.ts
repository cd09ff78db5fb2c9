import { Injectable } from '@nestjs/common';

/**
 * The KvK trade register (Handelsregister), as eligibility needs it. A real implementation
 * (the KvK API's Basisprofiel or Zoeken) binds to KVK_REGISTER in EligibilityModule instead of
 * the local one.
 */
export interface KvkRegister {
  /** true: registered; false: unknown or deregistered; null: the register could not be asked. */
  isRegistered(kvkNumber: string): Promise<boolean | null>;
}

export const KVK_REGISTER = Symbol('KvkRegister');

/** KvK numbers this local register knows as deregistered (or never issued). */
export const DEREGISTERED_KVK_NUMBERS: ReadonlySet<string> = new Set(['00000000', '11111111', '99999999']);

/**
 * The local stand-in: a KvK number is eight digits and not in a small built-in list of
 * deregistered numbers. Real KvK numbers carry no public checksum, so nothing more can be
 * checked without the register itself.
 */
@Injectable()
export class LocalKvkRegister implements KvkRegister {
  isRegistered(kvkNumber: string): Promise<boolean | null> {
    return Promise.resolve(/^[0-9]{8}$/.test(kvkNumber) && !DEREGISTERED_KVK_NUMBERS.has(kvkNumber));
  }
}
