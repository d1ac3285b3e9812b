/**
 * The client's half of a stack's secrets and configs: before it sends a
 * StackSpec to a manager, the client puts the bytes of every `file:` the
 * stack's services use into `x-orc-content-base64`, and the value of every
 * `environment:` into `content`. The manager reads neither the client's
 * files nor its environment (stack.ts refuses what was not resolved).
 */
import { OrcError } from '../../common/errors.js';
import type { ConfigSpec, SecretSpec, StackSpec } from '../../compose/index.js';
import { CONTENT_KEY } from './stack.js';

export interface ClientSide {
  readFile: (path: string) => Buffer;
  env: Readonly<Record<string, string | undefined>>;
}

/** `stack` with the contents of the secrets and configs its services use, ready to send. */
export function inlineStackFiles(stack: StackSpec, client: ClientSide): StackSpec {
  const used = (k: 'secrets' | 'configs'): Set<string> => new Set(Object.values(stack.services).flatMap((s) => (s[k] ?? []).map((r) => r.source)));
  const resolve = <T extends SecretSpec | ConfigSpec>(kind: string, all: Record<string, T>, inUse: Set<string>): Record<string, T> => {
    const out: Record<string, T> = {};
    for (const [key, def] of Object.entries(all)) {
      if (!inUse.has(key) || def.external === true || def.content !== undefined) {
        out[key] = def;
        continue;
      }
      if (def.file !== undefined) {
        let bytes: Buffer;
        try {
          bytes = client.readFile(def.file);
        } catch (e) {
          throw new OrcError('ORC_IO', `${kind} "${key}": cannot read ${def.file}: ${(e as Error).message}`, { cause: e });
        }
        out[key] = { ...def, [CONTENT_KEY]: bytes.toString('base64') };
      } else if (def.environment !== undefined) {
        const value = client.env[def.environment];
        if (value === undefined) {
          throw new OrcError('ORC_INVALID_SPEC', `${kind} "${key}" takes its content from the environment variable ${def.environment}, which is not set: set it in this shell or give the ${kind} a file`);
        }
        out[key] = { ...def, content: value };
      } else out[key] = def;
    }
    return out;
  };
  return { ...stack, secrets: resolve('secret', stack.secrets, used('secrets')), configs: resolve('config', stack.configs, used('configs')) };
}
