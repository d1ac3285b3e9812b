/**
 * `orc login` / `orc logout`, as Docker's: the daemon checks the credentials
 * against the registry (it is the one that talks to registries), the CLI
 * keeps them in its user's config file (`$ORC_CONFIG/config.json`, else
 * `~/.orc/config.json`, Docker's `auths` format) and sends them with each
 * `orc pull`. Logout only touches the config file.
 */
import { Command } from 'commander';
import { OrcError } from '../../common/errors.js';
import { withClient } from '../engine-client.js';
import type { Io } from '../io.js';

async function readStdin(io: Io): Promise<string> {
  if (io.stdin !== undefined) return io.stdin();
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A line typed at the terminal; without echo for a password. */
function prompt(io: Io, question: string, hidden: boolean): Promise<string> {
  io.err(question);
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    let line = '';
    if (hidden) stdin.setRawMode(true);
    stdin.resume();
    const done = (v: string | Error): void => {
      stdin.off('data', onData);
      if (hidden) {
        stdin.setRawMode(false);
        io.err('\n');
      }
      stdin.pause();
      if (v instanceof Error) reject(v);
      else resolve(v);
    };
    const onData = (d: Buffer): void => {
      for (const ch of d.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(line);
        if (ch === '\u0003') return done(new OrcError('ORC_USAGE', 'login cancelled'));
        if (ch === '\u007f') line = line.slice(0, -1);
        else line += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export function loginCommand(io: Io): Command {
  return new Command('login')
    .description('Log in to a registry (default: Docker Hub)')
    .argument('[server]', 'host[:port] of the registry')
    .option('-u, --username <user>', 'user name')
    .option('-p, --password <password>', 'password (insecure: prefer --password-stdin)')
    .option('--password-stdin', 'take the password from stdin')
    .action(async (server: string | undefined, flags: { username?: string; password?: string; passwordStdin?: boolean }, self: Command) => {
      const { defaultConfigPath, normaliseRegistry, storeCredentials } = await import('../../worker/registry/index.js');
      let { username, password } = flags;
      if (password !== undefined) {
        if (flags.passwordStdin === true) throw new OrcError('ORC_USAGE', '--password and --password-stdin are mutually exclusive');
        io.err('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
      }
      if (flags.passwordStdin === true) {
        if (username === undefined) throw new OrcError('ORC_USAGE', 'must provide --username with --password-stdin');
        password = (await readStdin(io)).replace(/\n$/, '').replace(/\r$/, '');
      }
      const interactive = process.stdin.isTTY === true && io.stdin === undefined;
      if (username === undefined || password === undefined) {
        if (!interactive) throw new OrcError('ORC_USAGE', 'cannot perform an interactive login from a non-TTY device: use -u and --password-stdin');
        username ??= (await prompt(io, 'Username: ', false)).trim();
        password ??= await prompt(io, 'Password: ', true);
      }
      if (username === '') throw new OrcError('ORC_USAGE', 'a user name is required');
      if (password === '') throw new OrcError('ORC_USAGE', 'a password is required');
      const registry = normaliseRegistry(server);
      const auth = { username, password };
      const checked = await withClient(self, (c) => c.login(registry, auth));
      const path = defaultConfigPath();
      await storeCredentials(checked.registry, auth, path);
      io.err(`WARNING! Your password will be stored unencrypted in ${path}.\n`);
      io.out('Login Succeeded\n');
    });
}

export function logoutCommand(io: Io): Command {
  return new Command('logout')
    .description('Log out from a registry (default: Docker Hub)')
    .argument('[server]', 'host[:port] of the registry')
    .action(async (server: string | undefined) => {
      const { credentialsKey, defaultConfigPath, normaliseRegistry, removeCredentials } = await import('../../worker/registry/index.js');
      const registry = normaliseRegistry(server);
      io.out(`Removing login credentials for ${credentialsKey(registry)}\n`);
      await removeCredentials(registry, defaultConfigPath());
    });
}
