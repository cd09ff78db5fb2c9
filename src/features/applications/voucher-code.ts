import { randomBytes } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed is hard to get wrong. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SYMBOLS = 12; // 12 × 5 bits = 60 bits of randomness

/** An unguessable voucher code such as VV-7F3K-Q9XZ-M2PD (60 random bits). */
export function newVoucherCode(): string {
  const bytes = randomBytes(SYMBOLS);
  let symbols = '';
  for (const byte of bytes) symbols += ALPHABET[byte & 31];
  return `VV-${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8)}`;
}
