/**
 * `orc events [--since T] [--until T] [--filter k=v]... [--format json|TEMPLATE]`:
 * the daemon's events as Docker prints them, one a line; with --until it
 * ends, otherwise it follows until interrupted. Times are parsed here, as
 * Docker's CLI does (a duration counts back from now).
 */
import { Command } from 'commander';
import { OrcError } from '../../common/errors.js';
import type { EngineEvent } from '../client/index.js';
import { withClient } from '../engine-client.js';
import type { Io } from '../io.js';

/**
 * Docker's `--since`/`--until` values: RFC 3339 (date, or date and time with
 * an optional zone; local time without one), Unix seconds with an optional fraction, or a duration
 * back from `now` (`10m`, `1h30m`, `90s`). Milliseconds since the epoch.
 */
export function parseEventTime(value: string, now: number, flag = '--since'): number {
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const duration = /^(\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/.test(v);
  if (duration) {
    const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
    let ms = 0;
    for (const m of v.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(m[1]) * (unit[m[2] as string] ?? 0);
    return Math.round(now - ms);
  }
  if (/^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?([Zz]|[+-]\d{2}:?\d{2})?$/.test(v)) {
    // Without a zone, local time (as Docker).
    const t = Date.parse(v.length === 10 ? `${v}T00:00:00` : v.replace(' ', 'T'));
    if (Number.isFinite(t)) return t;
  }
  throw new OrcError('ORC_USAGE', `${flag}: invalid time "${value}" (expected RFC 3339 like 2026-11-23T10:00:00Z, Unix seconds, or a duration like 10m)`);
}

/**
 * Docker's line: `2026-11-23T10:00:00.000000000Z container start ID (image=…, name=…)`,
 * attributes sorted by key.
 */
export function formatEvent(e: EngineEvent): string {
  const ns = BigInt(e.timeNano);
  const secs = ns / 1_000_000_000n;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
  const stamp = `${new Date(Number(secs) * 1000).toISOString().slice(0, 19)}.${frac}Z`;
  const attrs = Object.keys(e.Actor.Attributes).sort().map((k) => `${k}=${e.Actor.Attributes[k] ?? ''}`);
  return `${stamp} ${e.Type} ${e.Action} ${e.Actor.ID}${attrs.length > 0 ? ` (${attrs.join(', ')})` : ''}`;
}

/** Docker's JSON of an event (`--format json` or `'{{json .}}'`): with the legacy `status`/`id`/`from`, `timeNano` a number. */
export function eventJson(e: EngineEvent): string {
  const legacy = e.Type === 'container' || e.Type === 'image'
    ? { status: e.Action, id: e.Actor.ID, ...(e.Actor.Attributes['image'] !== undefined ? { from: e.Actor.Attributes['image'] } : {}) }
    : {};
  const body = JSON.stringify({ ...legacy, Type: e.Type, Action: e.Action, Actor: e.Actor, scope: e.scope, time: e.time, timeNano: 0 });
  return body.replace(/"timeNano":0}$/, `"timeNano":${e.timeNano}}`);
}

/**
 * A Go template's simple cases: `{{json .}}`, `{{json .Actor}}`, and fields by
 * path (`{{.Action}}`, `{{.Actor.Attributes.name}}`, the legacy `.Status`, `.ID`, `.From`).
 */
export function formatTemplate(template: string, e: EngineEvent): string {
  const legacy: Record<string, unknown> = { Status: e.Action, ID: e.Actor.ID, From: e.Actor.Attributes['image'] ?? '' };
  const root: Record<string, unknown> = { ...legacy, ...e, TimeNano: e.timeNano, Time: e.time, Scope: e.scope };
  const lookup = (path: string): unknown => {
    let v: unknown = root;
    for (const part of path.split('.').filter(Boolean)) {
      v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    }
    return v;
  };
  return template.replace(/\{\{\s*(json\s+)?\.([A-Za-z0-9_.]*)\s*\}\}/g, (whole, json: string | undefined, path: string) => {
    if (json !== undefined && path === '') return eventJson(e);
    const v = lookup(path);
    if (v === undefined) throw new OrcError('ORC_USAGE', `--format: ${whole} names no field of an event (Type, Action, Actor.ID, Actor.Attributes.NAME, scope, time, timeNano)`);
    return json !== undefined ? JSON.stringify(v) : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }).replace(/\\n/g, '\n').replace(/\\t/g, '\t');
}

/** `--filter key=value` (repeatable) into Docker's map of lists. */
export function parseFilters(values: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new OrcError('ORC_USAGE', `--filter: bad format of filter "${v}" (expected name=value)`);
    const key = v.slice(0, eq).trim().toLowerCase();
    (out[key] ??= []).push(v.slice(eq + 1));
  }
  return out;
}

export function eventsCommand(io: Io): Command {
  return new Command('events')
    .description('Get real time events from the daemon')
    .option('--since <time>', 'show events since a time (RFC 3339, Unix seconds, or a duration like 10m)')
    .option('--until <time>', 'stream events until this time')
    .option('-f, --filter <filter>', 'filter output (type=, container=, image=, event=, label=…)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--format <format>', 'json, or a Go-style template such as \'{{json .}}\'')
    .action(async (f: { since?: string; until?: string; filter: string[]; format?: string }, self: Command) => {
      const now = Date.now();
      const since = f.since !== undefined ? parseEventTime(f.since, now, '--since') : undefined;
      const until = f.until !== undefined ? parseEventTime(f.until, now, '--until') : undefined;
      const filters = parseFilters(f.filter);
      const format = f.format === undefined || f.format === '' ? undefined : f.format === 'json' ? '{{json .}}' : f.format;
      await withClient(self, async (c) => {
        for await (const e of c.events({ ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}), filters })) {
          io.out(`${format === undefined ? formatEvent(e) : formatTemplate(format, e)}\n`);
        }
      });
    });
}
