/**
 * `--log-driver json-file|none` and the json-file `--log-opt`s orc's shim
 * implements: `max-size` (Docker's units.FromHumanSize: decimal k/m/g/t/p,
 * optional b) and `max-file` (≥ 1; only effective with max-size).
 */
import { OrcError } from '../../common/errors.js';

export type LogDriver = 'json-file' | 'none';

/** Docker's HostConfig.LogConfig. */
export interface LogConfig {
  Type: LogDriver;
  Config: Record<string, string>;
}

/** What the shim is given. */
export interface LogLimits {
  maxSize?: number;
  maxFiles?: number;
}

const DECIMAL: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };

function usage(message: string): OrcError {
  return new OrcError('ORC_USAGE', message);
}

/** `10m` → 10 000 000, as Docker's json-file max-size. */
export function parseHumanSize(v: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?) ?([kKmMgGtTpP]?)[iI]?[bB]?$/.exec(v.trim());
  if (m === null) throw usage(`--log-opt max-size: invalid size "${v}" (expected a number with an optional unit k, m, g: 10m, 512k)`);
  return Math.floor(Number(m[1]) * (DECIMAL[(m[2] ?? '').toLowerCase()] ?? 1));
}

/** Validates `--log-driver` and `--log-opt key=value` (each once) into Docker's LogConfig. */
export function parseLogConfig(driver: string | undefined, opts: readonly string[]): LogConfig {
  const type = driver ?? 'json-file';
  if (type !== 'json-file' && type !== 'none') {
    throw usage(`--log-driver: "${type}" is not supported (orc has json-file and none)`);
  }
  const config: Record<string, string> = {};
  for (const o of opts) {
    const eq = o.indexOf('=');
    if (eq <= 0) throw usage(`--log-opt: "${o}" is not key=value`);
    const key = o.slice(0, eq);
    const value = o.slice(eq + 1);
    if (type === 'none') throw usage(`--log-opt: unknown log opt '${key}' for none log driver`);
    if (key !== 'max-size' && key !== 'max-file') throw usage(`--log-opt: unknown log opt '${key}' for json-file log driver (orc supports max-size and max-file)`);
    config[key] = value;
  }
  logLimits({ Type: type, Config: config }); // validates the values
  return { Type: type, Config: config };
}

/** The shim's rotation limits of a LogConfig (validated). */
export function logLimits(c: LogConfig): LogLimits {
  const out: LogLimits = {};
  const size = c.Config['max-size'];
  if (size !== undefined) {
    const n = parseHumanSize(size);
    if (n <= 0) throw usage(`--log-opt max-size: must be a positive size, not "${size}"`);
    out.maxSize = n;
  }
  const files = c.Config['max-file'];
  if (files !== undefined) {
    if (!/^[0-9]+$/.test(files) || Number(files) < 1) throw usage(`--log-opt max-file: must be a whole number ≥ 1, not "${files}"`);
    out.maxFiles = Number(files);
  }
  return out;
}
