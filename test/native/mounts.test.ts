// Mount destinations are resolved inside the rootfs: an image's symlinks
// (absolute, or climbing with "..") must never send a mount, or the
// directories and files created for it, onto the host. Both runtimes.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { mountLines } from '../helpers/host.js';
import { repoRoot } from '../helpers/paths.js';
import { type Bundle, type Json, config, sh, runtimes as runtimesFor, type Runtime } from './helpers/bundle.js';
import { nativeSkipReason, runtimeCli } from './helpers/runtime-cli.js';

const orcRuntime = join(repoRoot, 'native', 'build', 'orc-runtime');

const skip = nativeSkipReason('namespaces, mounts', [orcRuntime]);
const runtimes: Runtime[] = runtimesFor(orcRuntime, skip);

const work = mkdtempSync(join(tmpdir(), 'orc-mounts-'));
const stateRoot = join(work, 'state');
const hostDir = join(work, 'host-data');
mkdirSync(hostDir);
writeFileSync(join(hostDir, 'hello'), 'from the host\n');
writeFileSync(join(work, 'host-file'), 'a host file\n');
after(() => rmSync(work, { recursive: true, force: true }));

const unique = (): string => `orc-escape-${process.pid}-${randomBytes(4).toString('hex')}`;

const cli = runtimeCli(stateRoot, 'orc-mounts-bundle-', { timeoutMs: 60_000 });

/** A bundle whose rootfs gets `links` (path in rootfs → symlink text) and an extra bind mount. */
function withBundle<T>(rt: Runtime, script: string, links: Record<string, string>, mount: Json, fn: (b: Bundle, r: SpawnSyncReturns<string>) => T): Promise<T> {
  return cli.withBundle(rt, (cg) => config(sh(script), cg, (c) => { (c['mounts'] as Json[]).push(mount); }), (b) => {
    for (const [path, target] of Object.entries(links)) symlinkSync(target, join(b.dir, 'rootfs', path));
    return fn(b, cli.run(rt, b));
  });
}

for (const rt of runtimes) {
  describe(`${rt.name}: mount destinations stay inside the rootfs`, { skip: rt.skip }, () => {
    it('an absolute symlink (/data -> /etc) is followed inside the rootfs, not to the host\'s /etc', async () => {
      const name = unique();
      await withBundle(rt, `cat /etc/${name}/hello; ls -d /data/${name}`, { data: '/etc' },
        { destination: `/data/${name}`, type: 'bind', source: hostDir, options: ['rbind', 'ro'] }, (b, r) => {
          assert.equal(r.status, 0, r.stderr);
          assert.equal(r.stdout, `from the host\n/data/${name}\n`);
          assert.equal(existsSync(`/etc/${name}`), false, 'nothing created in the host\'s /etc');
          assert.equal(existsSync(join(b.dir, 'rootfs', 'etc', name)), true, 'the mount point was made in the rootfs');
        });
    });

    it('a symlink climbing out with ".." (/data -> ../../../../tmp/X) lands in the rootfs\'s /tmp', async () => {
      const name = unique();
      await withBundle(rt, `cat /tmp/${name}/x/hello`, { data: `../../../../../../tmp/${name}` },
        { destination: '/data/x', type: 'bind', source: hostDir, options: ['rbind'] }, (_b, r) => {
          assert.equal(r.status, 0, r.stderr);
          assert.equal(r.stdout, 'from the host\n');
          assert.equal(existsSync(`/tmp/${name}`), false, 'nothing created in the host\'s /tmp');
        });
    });

    it('a file bind onto a symlinked name creates the file inside the rootfs', async () => {
      const name = unique();
      await withBundle(rt, `cat /etc/config; ls /srv/${name}`, { 'etc/config': `/srv/${name}` },
        { destination: '/etc/config', type: 'bind', source: join(work, 'host-file'), options: ['bind', 'ro'] }, (b, r) => {
          assert.equal(r.status, 0, r.stderr);
          assert.equal(r.stdout, `a host file\n/srv/${name}\n`);
          assert.equal(existsSync(`/srv/${name}`), false, 'no file created on the host');
          assert.equal(existsSync(join(b.dir, 'rootfs', 'srv', name)), true);
        });
    });

    it('a symlink loop is an error, with nothing done on the host', async () => {
      await withBundle(rt, 'true', { a: '/b', b: '/a' }, { destination: '/a/x', type: 'bind', source: hostDir, options: ['rbind'] }, (_b, r) => {
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /too many levels of symbolic links/i);
      });
    });
  });
}

describe('leftovers', { skip }, () => {
  it('no orc mounts remain on the host', () => {
    assert.deepEqual(mountLines((l) => /orc-mounts-|orc-escape-/.test(l)), []);
  });
});
