import { createHash, createHmac } from 'node:crypto';

/**
 * The daily lottery's arithmetic, which anyone can redo from the published figures
 * (GET /api/v1/programmes/{code}/lottery): a day's order is its references sorted by
 * HMAC-SHA256 with the seed (32 bytes, published in hex after the draw) as key and the
 * reference (UTF-8) as message, lowest first; the seed's SHA-256 is published before the day.
 */

export function seedSha256(seed: Buffer): string {
  return createHash('sha256').update(seed).digest('hex');
}

export function lotteryKey(seed: Buffer, reference: string): string {
  return createHmac('sha256', seed).update(reference, 'utf8').digest('hex');
}

/** The references in the order of the draw. */
export function drawOrder(seed: Buffer, references: readonly string[]): string[] {
  return references
    .map((reference) => ({ reference, key: lotteryKey(seed, reference) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.reference < b.reference ? -1 : 1))
    .map((entry) => entry.reference);
}
