import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppConfig } from '../../platform/config/app-config';

/**
 * Webhook secrets: made here, shown once, stored only encrypted (AES-256-GCM under
 * WEBHOOK_SECRET_KEY), so a copy of the database alone does not let anyone sign as us.
 */

/** A new secret in the Standard Webhooks form: `whsec_` and 24 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** The 32-byte key from config; in local mode without one, derived from AUTH_JWT_SECRET. */
export function webhookKey(config: Pick<AppConfig, 'WEBHOOK_SECRET_KEY' | 'AUTH_JWT_SECRET'>): Buffer {
  const configured = config.WEBHOOK_SECRET_KEY;
  if (configured) return Buffer.from(configured, /^[0-9a-fA-F]{64}$/.test(configured) ? 'hex' : 'base64');
  return createHash('sha256')
    .update(`vakvoucher-webhooks:${config.AUTH_JWT_SECRET ?? ''}`)
    .digest();
}

/** `v1.<iv>.<tag>.<ciphertext>`, each base64url. */
export function encryptSecret(secret: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The secret back; throws when the key is not the one it was stored under or the text was changed. */
export function decryptSecret(stored: string, key: Buffer): string {
  const [version, iv, tag, ciphertext] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('not an encrypted webhook secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
