/**
 * Go durations, as Docker and Compose write them: parsed as Go's
 * time.ParseDuration does (units ns, us, µs, ms, s, m, h, plus Compose's d
 * and w), to nanoseconds without rounding; printed as Go's Duration.String
 * ("1h0m0s", "1m30s", "1.5s", "500ms"). No dependencies: the CLI, the
 * compose front end and the engine all use it.
 */

const NS = 1n;
const US = 1000n * NS;
const MS = 1000n * US;
const SEC = 1000n * MS;
const MIN = 60n * SEC;
const HOUR = 60n * MIN;

const DURATION_UNITS = new Map<string, bigint>([
  ['ns', NS],
  ['us', US],
  ['\u00b5s', US], // micro sign
  ['\u03bcs', US], // Greek mu
  ['ms', MS],
  ['s', SEC],
  ['m', MIN],
  ['h', HOUR],
  ['d', 24n * HOUR],
  ['w', 7n * 24n * HOUR],
]);

const LIMIT = 1n << 63n;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Nanoseconds in a Go duration string, or undefined when it is not one (or overflows int64).
 * Compose also takes `d` and `w`; `goUnitsOnly` refuses them, as Go's time.ParseDuration and Docker's flags do.
 */
export function parseDuration(text: string, opts: { goUnitsOnly?: boolean } = {}): bigint | undefined {
  let s = text;
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (!(c === '.' || isDigit(c))) return undefined;
    const intStart = i;
    while (isDigit(s[i])) i++;
    const intDigits = s.slice(intStart, i).replace(/^0+(?=\d)/, '');
    let fraction = 0n;
    let scale = 1;
    let hasFraction = false;
    if (s[i] === '.') {
      i++;
      const fracStart = i;
      let overflow = false;
      while (isDigit(s[i])) {
        if (!overflow) {
          const next = fraction * 10n + BigInt(Number(s[i]));
          if (next > LIMIT) overflow = true;
          else {
            fraction = next;
            scale *= 10;
          }
        }
        i++;
      }
      hasFraction = i > fracStart;
    }
    if (intDigits === '' && !hasFraction) return undefined;
    const unitStart = i;
    while (i < s.length && s[i] !== '.' && !isDigit(s[i])) i++;
    if (i === unitStart) return undefined;
    const unitName = s.slice(unitStart, i);
    const unit = DURATION_UNITS.get(unitName);
    if (unit === undefined || (opts.goUnitsOnly === true && (unitName === 'd' || unitName === 'w'))) return undefined;
    if (intDigits.length > 19) return undefined;
    let v = intDigits === '' ? 0n : BigInt(intDigits);
    if (v > LIMIT / unit) return undefined;
    v *= unit;
    if (fraction > 0n) {
      // as Go does: float64 arithmetic, exact to the nanosecond for every unit up to hours
      v += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (v > LIMIT) return undefined;
    }
    total += v;
    if (total > LIMIT) return undefined;
  }
  if (neg) return -total;
  return total > LIMIT - 1n ? undefined : total;
}

/** Go's Duration.String. */
export function formatDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < SEC) {
    let unit: string;
    let prec: number;
    if (u < US) {
      unit = 'ns';
      prec = 0;
    } else if (u < MS) {
      unit = '\u00b5s';
      prec = 3;
    } else {
      unit = 'ms';
      prec = 6;
    }
    const [frac, whole] = fraction(u, prec);
    out = `${whole}${frac}${unit}`;
  } else {
    const [frac, seconds] = fraction(u, 9);
    u = seconds;
    out = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** The ".123" fraction of v / 10^prec without trailing zeros, and the integer part. */
function fraction(v: bigint, prec: number): [string, bigint] {
  let digits = '';
  let printing = false;
  let rest = v;
  for (let i = 0; i < prec; i++) {
    const digit = rest % 10n;
    printing = printing || digit !== 0n;
    if (printing) digits = `${digit}${digits}`;
    rest /= 10n;
  }
  return [printing ? `.${digits}` : '', rest];
}
