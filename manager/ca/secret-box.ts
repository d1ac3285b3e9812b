/**
 * Authenticated encryption for secrets kept in the store: AES-256-GCM with a
 * random 96-bit IV per message. Sealed form: `v1:` + base64(iv | tag | ciphertext).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { OrcError } from '../../common/errors.js';

const VERSION = 'v1:';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new OrcError('ORC_USAGE', `secret box key must be ${KEY_BYTES} bytes, not ${key.length}`);
    this.#key = Buffer.from(key);
  }

  static generateKey(): Buffer {
    return randomBytes(KEY_BYTES);
  }

  seal(plaintext: Buffer): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return VERSION + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
  }

  /** Throws ORC_UNAUTHORIZED when the sealed text was altered or sealed under another key. */
  open(sealed: string): Buffer {
    if (!sealed.startsWith(VERSION)) throw new OrcError('ORC_UNAUTHORIZED', 'sealed secret: unknown format (expected a "v1:" prefix)');
    const body = sealed.slice(VERSION.length);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new OrcError('ORC_UNAUTHORIZED', 'sealed secret: not base64');
    const raw = Buffer.from(body, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new OrcError('ORC_UNAUTHORIZED', 'sealed secret: too short');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch (e) {
      throw new OrcError('ORC_UNAUTHORIZED', 'sealed secret: authentication failed (altered, or sealed under another key)', { cause: e });
    }
  }
}
