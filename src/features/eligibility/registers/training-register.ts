import { Injectable } from '@nestjs/common';

/**
 * The register of training providers (in the Netherlands e.g. the STAP opleidingsregister of
 * DUO/UWV, or the CRKBO register). A real implementation binds to TRAINING_REGISTER in
 * EligibilityModule instead of the local one.
 */
export interface TrainingRegister {
  /** true: a known provider; false: not in the register; null: the register could not be asked. */
  providerKnown(name: string): Promise<boolean | null>;
}

export const TRAINING_REGISTER = Symbol('TrainingRegister');

/** Providers the local register knows: those of the demo programmes (docs/domain.md, seeds). */
export const KNOWN_PROVIDERS: readonly string[] = [
  'De Techniek Academie',
  'ROC van Twente',
  'Deltion College',
  'Saxion',
  'Windesheim',
  'Opleidingscentrum Deventer',
  'Rijn IJssel',
  'Graafschap College',
  'ROC Nijmegen',
  'Bouwmensen Gelderland',
  'OTIB Opleidingen',
];

/** Names compare without case and with runs of spaces as one. */
export const normaliseProviderName = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** The local stand-in: a fixed list of providers, compared by normalised name. */
@Injectable()
export class LocalTrainingRegister implements TrainingRegister {
  private readonly known = new Set(KNOWN_PROVIDERS.map(normaliseProviderName));

  providerKnown(name: string): Promise<boolean | null> {
    return Promise.resolve(this.known.has(normaliseProviderName(name)));
  }
}
