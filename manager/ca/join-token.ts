/**
 * Join tokens: `ORC-1-<ca>-<secret>`. `<ca>` is the sha256 fingerprint of the
 * root certificate's DER in base36 (50 characters, zero-padded), so a joining
 * node can check the CA it is shown before trusting it; `<secret>` is 128
 * random bits in base36 (25 characters) that the manager compares against
 * the role's current secret.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { OrcError } from '../../common/errors.js';
import { caFingerprint } from './certificates.js';

export interface JoinToken {
  version: 1;
  /** sha256 of the CA certificate's DER, lowercase hex */
  fingerprint: string;
  /** 25 base36 characters */
  secret: string;
}

const PREFIX = 'ORC';
const FINGERPRINT_CHARS = 50;
const SECRET_CHARS = 25;
const BASE36 = /^[0-9a-z]+$/;

/** 128 random bits in 25 base36 characters; `random` replaces the system source (tests). */
export function newTokenSecret(random: (n: number) => Buffer = randomBytes): string {
  return BigInt(`0x${random(16).toString('hex')}`).toString(36).padStart(SECRET_CHARS, '0');
}

export function makeJoinToken(caCertPem: string, secret: string = newTokenSecret()): string {
  if (secret.length !== SECRET_CHARS || !BASE36.test(secret)) {
    throw new OrcError('ORC_USAGE', `invalid join token secret: expected ${SECRET_CHARS} characters 0-9a-z`);
  }
  const fingerprint = BigInt(`0x${caFingerprint(caCertPem)}`).toString(36).padStart(FINGERPRINT_CHARS, '0');
  return `${PREFIX}-1-${fingerprint}-${secret}`;
}

function invalid(why: string): OrcError {
  return new OrcError('ORC_USAGE', `invalid join token: ${why} (expected ORC-1-<50 characters>-<25 characters>)`);
}

export function parseJoinToken(token: string): JoinToken {
  const parts = token.trim().split('-');
  if (parts.length !== 4) throw invalid(`${parts.length} part(s) separated by '-', not 4`);
  const [prefix, version, fp, secret] = parts as [string, string, string, string];
  if (prefix !== PREFIX) throw invalid(`it starts with ${JSON.stringify(prefix)}, not "${PREFIX}"`);
  if (version !== '1') throw invalid(`unsupported version ${JSON.stringify(version)}`);
  if (fp.length !== FINGERPRINT_CHARS || !BASE36.test(fp)) throw invalid(`the CA fingerprint must be ${FINGERPRINT_CHARS} characters 0-9a-z`);
  if (secret.length !== SECRET_CHARS || !BASE36.test(secret)) throw invalid(`the secret must be ${SECRET_CHARS} characters 0-9a-z`);
  const n = [...fp].reduce((acc, c) => acc * 36n + BigInt(parseInt(c, 36)), 0n);
  if (n >= 1n << 256n) throw invalid('the CA fingerprint is out of range');
  return { version: 1, fingerprint: n.toString(16).padStart(64, '0'), secret };
}

/** Whether the token names this CA certificate. */
export function tokenMatchesCA(parsed: JoinToken, caCertPem: string): boolean {
  return parsed.fingerprint === caFingerprint(caCertPem);
}

/** Compares two secrets in time independent of where they differ (and of their lengths). */
export function tokenSecretEquals(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
