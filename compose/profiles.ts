/**
 * Profiles (15-profiles.md): a service with `profiles` runs only when one of
 * them is enabled; a service named on the command line is enabled whatever
 * its profiles; the services a running service needs come along.
 */
import { isMap } from './merge.js';
import type { Data, DataMap } from './yaml-source.js';

/** Services that `service` needs: depends_on, links, network_mode service:, volumes_from. */
export function neededServices(service: Data): string[] {
  if (!isMap(service)) return [];
  const out: string[] = [];
  const deps = service['depends_on'];
  if (Array.isArray(deps)) for (const d of deps) out.push(String(d));
  else if (isMap(deps)) out.push(...Object.keys(deps));
  const links = service['links'];
  if (Array.isArray(links)) for (const l of links) out.push(String(l).split(':')[0] ?? '');
  const mode = service['network_mode'];
  if (typeof mode === 'string' && mode.startsWith('service:')) out.push(mode.slice('service:'.length));
  const from = service['volumes_from'];
  if (Array.isArray(from)) {
    for (const v of from) {
      const text = String(v);
      if (!text.startsWith('container:')) out.push(text.split(':')[0] ?? '');
    }
  }
  return out;
}

export function serviceProfiles(service: Data): string[] {
  const profiles = isMap(service) ? service['profiles'] : undefined;
  return Array.isArray(profiles) ? profiles.map(String) : [];
}

export interface Selection {
  active: Set<string>;
  disabled: string[];
  allProfiles: string[];
  unknown: string[];
}

/**
 * Picks the services to run. With `named` services: those and what they need.
 * Without: every service enabled by its profiles, and what they need.
 */
export function selectServices(services: DataMap, enabled: readonly string[], named: readonly string[]): Selection {
  const all = new Set(enabled);
  const names = Object.keys(services);
  const unknown = named.filter((n) => !Object.prototype.hasOwnProperty.call(services, n));
  const seeds =
    named.length > 0
      ? named.filter((n) => !unknown.includes(n))
      : names.filter((n) => {
          const p = serviceProfiles(services[n] as Data);
          return p.length === 0 || all.has('*') || p.some((x) => all.has(x));
        });
  const active = new Set<string>();
  const stack = [...seeds];
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (active.has(name) || !Object.prototype.hasOwnProperty.call(services, name)) continue;
    active.add(name);
    stack.push(...neededServices(services[name] as Data));
  }
  const allProfiles = new Set<string>();
  for (const n of names) for (const p of serviceProfiles(services[n] as Data)) allProfiles.add(p);
  return {
    active,
    disabled: names.filter((n) => !active.has(n)).sort(),
    allProfiles: [...allProfiles].sort(),
    unknown,
  };
}
