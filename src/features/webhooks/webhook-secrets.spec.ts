import { decryptSecret, encryptSecret, newWebhookSecret, webhookKey } from './webhook-secrets';
import { retryDelayMs } from './webhook-events';

describe('webhook secrets', () => {
  const key = webhookKey({ WEBHOOK_SECRET_KEY: 'a'.repeat(64), AUTH_JWT_SECRET: undefined });

  it('are stored encrypted and read back only with the same key', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const stored = encryptSecret(secret, key);
    expect(stored).not.toContain(secret.slice(6));
    expect(encryptSecret(secret, key)).not.toBe(stored); // a fresh IV each time
    expect(decryptSecret(stored, key)).toBe(secret);
    const otherKey = webhookKey({
      WEBHOOK_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
      AUTH_JWT_SECRET: undefined,
    });
    expect(() => decryptSecret(stored, otherKey)).toThrow();
    const [v, iv, tag, ciphertext] = stored.split('.');
    const changed = Buffer.from(ciphertext, 'base64url');
    changed[0] ^= 1;
    expect(() => decryptSecret([v, iv, tag, changed.toString('base64url')].join('.'), key)).toThrow();
  });

  it('retries back off exponentially from the base, capped at an hour', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 1000))).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(retryDelayMs(13, 1000)).toBe(3_600_000);
    expect(retryDelayMs(40, 1000)).toBe(3_600_000);
  });
});
