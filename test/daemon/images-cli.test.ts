// The image commands end to end through a real daemon and the real CLI:
// save (file and stdout) → load elsewhere, image inspect's Docker shape,
// image prune with and without -a, rmi of an image a container uses, and
// login/logout against a loopback docker-registry with htpasswd auth, the
// pull going through the daemon with the credentials the CLI stored. Needs root.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fullBusyboxEntries, image, layer, legacyArchive } from '../worker/helpers/image.js';
import { htpasswdLine, skopeoPush, startRegistry, type RunningRegistry } from '../worker/helpers/registry.js';
import { daemonFixture, orcBytes, orcWith, skipReason } from './helpers/daemon.js';

const skip = skipReason();
const PREFIX = `/tmp/orci${process.pid}-`;
const cgroupParent = `/orc-images-test-${process.pid}`;
const suffix = Math.random().toString(36).slice(2, 8);
const BB = `imgtest${suffix}/busybox:1`;
const OTHER = `imgtest${suffix}/other:2`;

/** The CLI's configuration folder (credentials) of the run on `root`. */
const cliConfig = (root: string): string => join(root, 'cli-config');

describe('image save, inspect, prune, rmi, login through the daemon', { skip }, () => {
  const d = daemonFixture(PREFIX, cgroupParent, { env: (root) => ({ ORC_CONFIG: cliConfig(root) }) });
  const orc = d.orc;
  let registry: RunningRegistry | undefined;

  before(async () => {
    const archive = legacyArchive([
      image([layer(fullBusyboxEntries())], [BB], { Env: ['PATH=/bin'], Cmd: ['sh'], ExposedPorts: { '80/tcp': {} }, Labels: { a: 'b' }, StopSignal: 'SIGQUIT' }),
      image([layer([{ name: 'other', data: 'other' }])], [OTHER]),
    ]);
    await d.setUp({ archive, archiveName: 'in.tar' });
  });

  after(async () => {
    try {
      await registry?.stop();
    } finally {
      await d.tearDown(); // the registry's files are under the daemon's root
    }
  });

  it('image inspect prints Docker\'s document; a missing image prints what was found and exits 1', () => {
    const r = orc('image', 'inspect', BB);
    assert.equal(r.status, 0, r.stderr);
    const [doc] = JSON.parse(r.stdout) as Array<Record<string, any>>;
    assert.match(doc?.Id, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(doc?.RepoTags, [BB]);
    assert.deepEqual(doc?.RepoDigests, [], 'a loaded image has no registry digest');
    assert.equal(doc?.Created, '2024-01-01T00:00:00Z');
    assert.equal(doc?.Architecture, 'amd64');
    assert.equal(doc?.Os, 'linux');
    assert.ok(doc?.Size > 100_000);
    assert.deepEqual(doc?.Config.Env, ['PATH=/bin']);
    assert.deepEqual(doc?.Config.Cmd, ['sh']);
    assert.equal(doc?.Config.Entrypoint, null);
    assert.equal(doc?.Config.WorkingDir, '');
    assert.equal(doc?.Config.User, '');
    assert.deepEqual(doc?.Config.ExposedPorts, { '80/tcp': {} });
    assert.deepEqual(doc?.Config.Labels, { a: 'b' });
    assert.equal(doc?.Config.StopSignal, 'SIGQUIT');
    assert.equal(doc?.RootFS.Type, 'layers');
    assert.equal(doc?.RootFS.Layers.length, 1);
    assert.match(doc?.RootFS.Layers[0], /^sha256:/);
    const missing = orc('image', 'inspect', BB, 'nope/nothing:1');
    assert.equal(missing.status, 1);
    assert.equal((JSON.parse(missing.stdout) as unknown[]).length, 1);
    assert.match(missing.stderr, /no such image: nope\/nothing:1/);
  });

  it('save -o FILE and save to a pipe give archives that load elsewhere with the same IDs', () => {
    const file = join(d.root, 'saved.tar');
    const r = orc('save', '-o', file, BB, OTHER);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    const names = execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).split('\n');
    assert.ok(names.includes('manifest.json') && names.includes('index.json'));
    const piped = orcBytes(d.socket, ['image', 'save', BB]);
    assert.equal(piped.status, 0, piped.stderr);
    assert.ok(piped.stdout.length > 100_000);
    const ids = (ref: string): string => (JSON.parse(orc('image', 'inspect', ref).stdout) as Array<{ Id: string }>)[0]?.Id ?? '';
    const want = [ids(BB), ids(OTHER)];
    // another daemon's store: load both archives there
    const manifest = JSON.parse(execFileSync('tar', ['-xOf', file, 'manifest.json'], { encoding: 'utf8' })) as Array<{ RepoTags: string[] }>;
    assert.deepEqual(manifest.map((m) => m.RepoTags), [[BB], [OTHER]]);
    assert.equal(orc('rmi', OTHER).status, 0);
    const load = orc('image', 'load', '-i', file);
    assert.equal(load.status, 0, load.stderr);
    assert.equal(ids(OTHER), want[1]);
    const fromPipe = orcWith(d.socket, ['image', 'load'], { input: piped.stdout });
    assert.equal(fromPipe.status, 0, fromPipe.stderr);
    assert.match(fromPipe.stdout, new RegExp(`Loaded image: ${BB}`));
    const bad = orc('save', '-o', join(d.root, 'x.tar'), 'nope/nothing:1');
    assert.equal(bad.status, 1);
    assert.equal(existsSync(join(d.root, 'x.tar')), false);
    assert.deepEqual(readdirSync(d.root).filter((n) => n.includes('orc-save')), []);
  });

  it('rmi refuses an image a container uses; -f untags it (dangling) unless the container runs', () => {
    const id = orc('run', '-d', BB, 'sleep', '60').stdout.trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    try {
      const refused = orc('rmi', BB);
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /must force/);
      const running = orc('rmi', '-f', BB);
      assert.equal(running.status, 1);
      assert.match(running.stderr, /cannot be forced/);
      assert.equal(orc('stop', '-t', '0', id).status, 0);
      const forced = orc('rmi', '-f', BB);
      assert.equal(forced.status, 0, forced.stderr);
      assert.equal(forced.stdout, `Untagged: ${BB}\n`);
      assert.match(orc('images').stdout, /<none>\s+<none>/);
      // prune keeps the dangling image while the container exists
      const kept = orc('image', 'prune', '-f');
      assert.equal(kept.status, 0, kept.stderr);
      assert.equal(kept.stdout, 'Total reclaimed space: 0B\n');
      assert.equal(orc('start', id).status, 0, 'the container still runs from its layers');
    } finally {
      orc('rm', '-f', id);
    }
    const pruned = orc('image', 'prune', '-f');
    assert.equal(pruned.status, 0, pruned.stderr);
    assert.match(pruned.stdout, /^Deleted Images:\ndeleted: sha256:[0-9a-f]{64}\n\nTotal reclaimed space: \d[\d.]*[kM]?B\n$/);
    const left = orc('images');
    assert.equal(left.stdout.split('\n').filter((l) => l !== '').length, 2, `only the tagged image is left: ${left.stdout}${left.stderr}`);
  });

  it('image prune asks first (no answer: nothing removed); -a removes every unused image and its layers', () => {
    const asked = orcWith(d.socket, ['image', 'prune', '-a'], { input: 'n\n' });
    assert.equal(asked.status, 0, asked.stderr);
    assert.match(asked.stdout, /^WARNING! This will remove all images without at least one container associated to them\.\nAre you sure you want to continue\? \[y\/N\] Total reclaimed space: 0B\n$/);
    assert.notEqual(orc('images', '-q').stdout, '');
    const all = orcWith(d.socket, ['image', 'prune', '-a'], { input: 'y\n' });
    assert.equal(all.status, 0, all.stderr);
    assert.match(all.stdout, new RegExp(`Deleted Images:\\nuntagged: ${OTHER.replace('/', '\\/')}\\ndeleted: sha256:`));
    assert.equal(orc('images', '-q').stdout, '');
    assert.deepEqual(readdirSync(join(d.root, 'images', 'blobs', 'sha256')), []);
    assert.deepEqual(readdirSync(join(d.root, 'layers')).filter((n) => n !== 'tmp'), []);
  });

  it('login checks credentials through the daemon, stores them for the CLI, and pull sends them; logout forgets them', async () => {
    const regDir = join(d.root, 'registry');
    execFileSync('mkdir', ['-p', regDir]);
    registry = await startRegistry(regDir, { htpasswd: [htpasswdLine('alice', 's3cret')] });
    const host = `127.0.0.1:${registry.port}`;
    const src = join(d.root, 'push.tar');
    writeFileSync(src, legacyArchive([image([layer([{ name: 'hello', data: 'hi' }])], ['x:1'])]));
    await skopeoPush(src, `${host}/private/app:1`, { creds: 'alice:s3cret' });

    const anonymous = orc('pull', `${host}/private/app:1`);
    assert.equal(anonymous.status, 1);
    assert.match(anonymous.stderr, /orc login/);

    const wrong = orcWith(d.socket, ['login', '-u', 'alice', '--password-stdin', host], { input: 'nope\n', env: { ORC_CONFIG: cliConfig(d.root) } });
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /refused .*credentials of alice/);
    assert.equal(existsSync(join(cliConfig(d.root), 'config.json')), false);

    const onCommandLine = orc('login', '-u', 'alice', '-p', 's3cret', host);
    assert.equal(onCommandLine.status, 0, onCommandLine.stderr);
    assert.equal(onCommandLine.stdout, 'Login Succeeded\n');
    assert.match(onCommandLine.stderr, /WARNING! Using --password via the CLI is insecure\. Use --password-stdin\./);
    const ok = orcWith(d.socket, ['login', '-u', 'alice', '--password-stdin', host], { input: 's3cret\n', env: { ORC_CONFIG: cliConfig(d.root) } });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout, 'Login Succeeded\n');
    assert.doesNotMatch(ok.stderr, /--password via the CLI/);
    const file = join(cliConfig(d.root), 'config.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { auths: Record<string, { auth: string }> };
    assert.equal(stored.auths[host]?.auth, Buffer.from('alice:s3cret').toString('base64'));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(existsSync(join(d.root, 'config.json')), false, 'the daemon keeps no credentials');

    const pulled = orc('pull', `${host}/private/app:1`);
    assert.equal(pulled.status, 0, pulled.stderr);
    assert.match(pulled.stdout, /Status: Downloaded newer image/);
    const [doc] = JSON.parse(orc('image', 'inspect', `${host}/private/app:1`).stdout) as Array<{ RepoDigests: string[] }>;
    assert.match(doc?.RepoDigests[0] ?? '', new RegExp(`^${host.replace(/\./g, '\\.')}/private/app@sha256:[0-9a-f]{64}$`));

    const out = orc('logout', host);
    assert.equal(out.status, 0, out.stderr);
    assert.equal(out.stdout, `Removing login credentials for ${host}\n`);
    assert.deepEqual((JSON.parse(readFileSync(file, 'utf8')) as { auths: object }).auths, {});
    assert.equal(orc('rmi', `${host}/private/app:1`).status, 0);
    assert.equal(orc('pull', `${host}/private/app:1`).status, 1);
    const noTty = orcWith(d.socket, ['login', host], { input: '', env: { ORC_CONFIG: cliConfig(d.root) } });
    assert.equal(noTty.status, 2);
    assert.match(noTty.stderr, /non-TTY/);
  });
});
