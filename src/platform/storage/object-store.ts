/**
 * Where uploaded files live: one interface, a local folder by default (file-object-store.ts)
 * and any S3-compatible store in production (s3-object-store.ts). Keys are paths such as
 * `documents/<application>/<document>`, made by the caller from ids, never from user input.
 */
export interface ObjectStore {
  /** Stores `body` under `key`, replacing what was there. */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The bytes under `key`; null when there are none. */
  get(key: string): Promise<Buffer | null>;
  /** Moves the object under `from` to `to`; nothing when `from` holds none (moved already). */
  move(from: string, to: string): Promise<void>;
  /** Removes the object; nothing when there is none. */
  delete(key: string): Promise<void>;
}

export const OBJECT_STORE = Symbol('OBJECT_STORE');

/** A key made of path segments of letters, digits, dots, dashes and underscores, nothing else. */
export function assertKey(key: string): string {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/.test(key) || key.split('/').some((s) => s === '..' || s === '.')) {
    throw new Error(`Not a storage key: ${JSON.stringify(key)}`);
  }
  return key;
}
