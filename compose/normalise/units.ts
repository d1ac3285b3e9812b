/**
 * Byte sizes and durations in the notations Docker and Compose accept.
 *
 *  - Byte sizes follow Docker's RAMInBytes: an integer, or a decimal number
 *    with an optional space and a suffix b, k, kb, ki, kib, m, … p
 *    (case-insensitive, 1024-based); the result is truncated to whole bytes.
 *  - Durations follow Go's time.ParseDuration (units ns, us, µs, ms, s, m, h),
 *    plus d and w as Compose's parser allows, and are printed as Go's
 *    Duration.String prints them ("1h0m0s", "1m30s", "1.5s", "500ms"): the
 *    code is common/duration.ts, which the CLI and the engine use too.
 */

const BYTE_MULTIPLIERS = new Map<string, number>([
  ['k', 1024],
  ['m', 1024 ** 2],
  ['g', 1024 ** 3],
  ['t', 1024 ** 4],
  ['p', 1024 ** 5],
]);

const SIZE_RE = /^(\d+(?:\.\d*)?|\.\d+) ?([kmgtp](?:ib|i|b)?|b)?$/i;

/** Bytes in `text`, or undefined when it is not a size. Negative integers are returned as given. */
export function parseBytes(text: string): number | undefined {
  if (/^[+-]?\d+$/.test(text)) return Number(text);
  const m = SIZE_RE.exec(text);
  if (!m) return undefined;
  const size = Number(m[1]);
  const suffix = (m[2] ?? '').toLowerCase();
  const mul = suffix === '' || suffix === 'b' ? 1 : (BYTE_MULTIPLIERS.get(suffix[0] ?? '') ?? 1);
  const bytes = Math.trunc(size * mul);
  return Number.isFinite(bytes) ? bytes : undefined;
}

export { formatDuration, parseDuration } from '../../common/duration.js';
