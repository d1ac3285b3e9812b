/** The cluster PKI as a library: root CA, node certificates, join tokens, TLS files, sealed secrets. */
import assert from 'node:assert/strict';
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Clock } from '../../common/clock.js';
import { isOrcError } from '../../common/errors.js';
import type { CertAndKey } from '../../manager/ca/index.js';
import {
  NODE_CERT_VALIDITY_MS,
  ROOT_CA_VALIDITY_MS,
  SecretBox,
  caFingerprint,
  certIdentity,
  createNodeKeyAndCsr,
  createRootCA,
  issueNodeCertificate,
  makeJoinToken,
  newTokenSecret,
  parseJoinToken,
  readNodeTLS,
  tokenMatchesCA,
  tokenSecretEquals,
  verifyIssuedBy,
  writeNodeTLS,
} from '../../manager/ca/index.js';
import { x509 } from '../../manager/ca/x509.js';

const T0 = Date.UTC(2030, 0, 1);
const HOUR = 3600_000;

function fixedClock(ms: number): Clock {
  return { now: () => ms, sleep: async () => {} };
}

function hasCode(code: string): (e: unknown) => boolean {
  return (e: unknown) => isOrcError(e) && e.code === code;
}

function pemToDer(pem: string): Buffer {
  const [der] = x509.PemConverter.decode(pem);
  assert.ok(der !== undefined);
  return Buffer.from(der);
}

/** A copy of `b` with one bit of byte `i` flipped. */
function flipped(b: Buffer, i: number, bit = 0x01): Buffer {
  const copy = Buffer.from(b);
  copy[i] = (copy[i] ?? 0) ^ bit;
  return copy;
}

function derToPem(der: Buffer, tag: string): string {
  return x509.PemConverter.encode(der, tag);
}

describe('root CA', () => {
  let root: CertAndKey;
  before(async () => {
    root = await createRootCA({ clusterId: 'c1', clock: fixedClock(T0) });
  });

  it('is a self-signed CA named orc-root-ca, valid for 20 years, that may sign certificates and CRLs', async () => {
    const cert = new X509Certificate(root.certPem);
    assert.equal(cert.ca, true);
    assert.equal(cert.subject, 'CN=orc-root-ca\nO=c1');
    assert.equal(cert.issuer, cert.subject);
    assert.equal(Date.parse(cert.validTo), T0 + ROOT_CA_VALIDITY_MS - ((T0 + ROOT_CA_VALIDITY_MS) % 1000));
    assert.ok(cert.verify(cert.publicKey));
    const ku = new x509.X509Certificate(root.certPem).getExtension(x509.KeyUsagesExtension);
    assert.equal(ku?.usages, x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    assert.equal(ku.critical, true);
    assert.equal(await verifyIssuedBy(root.certPem, root.certPem, fixedClock(T0)), true);
  });

  it('keeps its key as a PKCS#8 PEM', () => {
    assert.match(root.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('has a fingerprint: the sha256 of its DER in 64 lowercase hex characters', async () => {
    const fp = caFingerprint(root.certPem);
    assert.match(fp, /^[0-9a-f]{64}$/);
    assert.equal(fp, createHash('sha256').update(new X509Certificate(root.certPem).raw).digest('hex'));
    assert.notEqual(fp, caFingerprint((await createRootCA()).certPem));
  });
});

describe('join tokens', () => {
  let root: CertAndKey;
  let other: CertAndKey;
  before(async () => {
    [root, other] = await Promise.all([createRootCA(), createRootCA()]);
  });

  it('round-trip: ORC-1-<CA fingerprint in base36>-<secret>', () => {
    const token = makeJoinToken(root.certPem);
    assert.match(token, /^ORC-1-[0-9a-z]{50}-[0-9a-z]{25}$/);
    const parsed = parseJoinToken(token);
    assert.equal(parsed.version, 1);
    assert.equal(parsed.fingerprint, caFingerprint(root.certPem));
    assert.equal(makeJoinToken(root.certPem, parsed.secret), token);
    assert.equal(tokenMatchesCA(parsed, root.certPem), true);
    assert.equal(tokenMatchesCA(parsed, other.certPem), false);
    assert.notEqual(parseJoinToken(makeJoinToken(root.certPem)).secret, parsed.secret);
  });

  it('secrets are 128 random bits in 25 base36 characters, zero-padded', () => {
    assert.equal(newTokenSecret((n) => Buffer.alloc(n)), '0'.repeat(25));
    assert.equal(newTokenSecret((n) => Buffer.alloc(n, 0xff)), ((1n << 128n) - 1n).toString(36));
    assert.equal(((1n << 128n) - 1n).toString(36).length, 25);
  });

  const fp = '0'.repeat(50);
  const secret = 'a'.repeat(25);
  const malformed: Record<string, string> = {
    empty: '',
    'wrong prefix': `SWMTKN-1-${fp}-${secret}`,
    'unknown version': `ORC-2-${fp}-${secret}`,
    'missing secret': `ORC-1-${fp}`,
    'extra part': `ORC-1-${fp}-${secret}-x`,
    'short fingerprint': `ORC-1-${fp.slice(1)}-${secret}`,
    'upper-case fingerprint': `ORC-1-${'A'.repeat(50)}-${secret}`,
    'long secret': `ORC-1-${fp}-${secret}b`,
    'non-base36 secret': `ORC-1-${fp}-${'_'.repeat(25)}`,
    'fingerprint beyond 256 bits': `ORC-1-${'z'.repeat(50)}-${secret}`,
  };
  for (const [what, token] of Object.entries(malformed)) {
    it(`refuses a malformed token (${what}) with ORC_USAGE`, () => {
      assert.throws(() => parseJoinToken(token), (e: unknown) => hasCode('ORC_USAGE')(e) && (e as Error).message.startsWith('invalid join token: '));
    });
  }

  it('accepts surrounding whitespace (a pasted token)', () => {
    const token = makeJoinToken(root.certPem, secret);
    assert.equal(parseJoinToken(` ${token}\n`).secret, secret);
  });

  it('compares secrets whatever their lengths', () => {
    assert.equal(tokenSecretEquals(secret, secret), true);
    assert.equal(tokenSecretEquals(secret, 'b'.repeat(25)), false);
    assert.equal(tokenSecretEquals(secret, secret.slice(1)), false);
    assert.throws(() => makeJoinToken(root.certPem, 'short'), hasCode('ORC_USAGE'));
  });
});

describe('node certificates', () => {
  let root: CertAndKey;
  let otherRoot: CertAndKey;
  let node: { keyPem: string; csrPem: string };
  before(async () => {
    [root, otherRoot, node] = await Promise.all([createRootCA({ clusterId: 'c1' }), createRootCA({ clusterId: 'c1' }), createNodeKeyAndCsr()]);
  });

  const opts = { nodeId: 'node-1', clusterId: 'c1', ips: ['10.0.0.7'], clock: fixedClock(T0) };

  it('a manager certificate names the node, its role and cluster, and serves as orc-manager', async () => {
    const issued = await issueNodeCertificate(root, node.csrPem, { ...opts, role: 'manager', dnsNames: ['m.example'] });
    const cert = new X509Certificate(issued.certPem);
    assert.equal(cert.subject, 'CN=node-1\nOU=swarm-manager\nO=c1');
    assert.equal(cert.ca, false);
    assert.deepEqual(cert.subjectAltName?.split(', ').sort(), ['DNS:m.example', 'DNS:node-1', 'DNS:orc-manager', 'IP Address:10.0.0.7', 'IP Address:127.0.0.1']);
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    assert.ok(cert.checkIssued(new X509Certificate(root.certPem)));
    assert.match(issued.serial, /^[0-9a-f]{32}$/);
    assert.equal(cert.serialNumber.toLowerCase(), issued.serial);
    assert.deepEqual(certIdentity(issued.certPem), { nodeId: 'node-1', role: 'manager', clusterId: 'c1', serial: issued.serial });
    assert.deepEqual(certIdentity(cert.raw), certIdentity(issued.certPem));
    assert.ok(cert.checkPrivateKey(createPrivateKey(node.keyPem)));
  });

  it('a worker certificate has the worker OU and no orc-manager name', async () => {
    const issued = await issueNodeCertificate(root, node.csrPem, { ...opts, role: 'worker' });
    const cert = new X509Certificate(issued.certPem);
    assert.equal(cert.checkHost('orc-manager'), undefined);
    assert.equal(certIdentity(issued.certPem).role, 'worker');
  });

  it("ignores the CSR's subject: asking for a manager's name gets a worker certificate", async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: 'CN=root, OU=swarm-manager, O=other',
      keys,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    });
    const issued = await issueNodeCertificate(root, csr.toString('pem'), { ...opts, role: 'worker' });
    assert.deepEqual({ ...certIdentity(issued.certPem), serial: '' }, { nodeId: 'node-1', role: 'worker', clusterId: 'c1', serial: '' });
  });

  it('refuses a CSR whose content or signature was altered', async () => {
    const der = pemToDer(node.csrPem);
    const at = der.indexOf('orc-node');
    assert.ok(at > 0);
    const renamed = flipped(der, at + 7); // orc-node -> orc-nodd
    const resigned = flipped(der, der.length - 1); // the signature's last byte
    for (const tampered of [renamed, resigned]) {
      await assert.rejects(issueNodeCertificate(root, derToPem(tampered, 'CERTIFICATE REQUEST'), { ...opts, role: 'worker' }), hasCode('ORC_UNAUTHORIZED'));
    }
    await assert.rejects(issueNodeCertificate(root, 'not a csr', { ...opts, role: 'worker' }), hasCode('ORC_USAGE'));
  });

  it('refuses bad names', async () => {
    for (const bad of [{ nodeId: '' }, { nodeId: 'a b' }, { ips: ['10.0.0.300'] }, { dnsNames: ['-bad-'] }, { clusterId: 'a,b' }]) {
      await assert.rejects(issueNodeCertificate(root, node.csrPem, { ...opts, role: 'worker', ...bad }), hasCode('ORC_USAGE'), JSON.stringify(bad));
    }
  });

  it('is valid from a little before issue until its expiry (90 days by default)', async () => {
    const short = await issueNodeCertificate(root, node.csrPem, { ...opts, role: 'worker', expiryMs: HOUR });
    assert.equal(await verifyIssuedBy(short.certPem, root.certPem, fixedClock(T0 + HOUR / 2)), true);
    assert.equal(await verifyIssuedBy(short.certPem, root.certPem, fixedClock(T0 - 60_000)), true);
    assert.equal(await verifyIssuedBy(short.certPem, root.certPem, fixedClock(T0 + 2 * HOUR)), false);
    assert.equal(await verifyIssuedBy(short.certPem, root.certPem, fixedClock(T0 - HOUR)), false);
    const long = new X509Certificate((await issueNodeCertificate(root, node.csrPem, { ...opts, role: 'worker' })).certPem);
    assert.equal(Date.parse(long.validTo), T0 + NODE_CERT_VALIDITY_MS);
  });

  it('verifies only against the CA that signed it, even when another CA has the same name', async () => {
    const issued = await issueNodeCertificate(root, node.csrPem, { ...opts, role: 'manager' });
    const clock = fixedClock(T0);
    assert.equal(await verifyIssuedBy(issued.certPem, root.certPem, clock), true);
    assert.equal(new X509Certificate(otherRoot.certPem).subject, new X509Certificate(root.certPem).subject);
    assert.equal(await verifyIssuedBy(issued.certPem, otherRoot.certPem, clock), false);
    const forged = await issueNodeCertificate(otherRoot, node.csrPem, { ...opts, role: 'manager' });
    assert.equal(await verifyIssuedBy(forged.certPem, root.certPem, clock), false);
  });

  it('a certificate that names no role has no identity', () => {
    assert.throws(() => certIdentity(root.certPem), hasCode('ORC_UNAUTHORIZED'));
  });
});

describe('TLS files', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orc-ca-test-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trip ca.crt, node.crt and node.key, the key readable by its owner only', async () => {
    const tlsDir = join(dir, 'certificates');
    await assert.rejects(readNodeTLS(tlsDir), hasCode('ORC_NOT_FOUND'));
    const material = { caCertPem: 'ca\n', certPem: 'cert\n', keyPem: 'key\n' };
    await writeNodeTLS(tlsDir, material);
    await writeNodeTLS(tlsDir, { ...material, certPem: 'renewed\n' });
    assert.deepEqual(await readNodeTLS(tlsDir), { ...material, certPem: 'renewed\n' });
    assert.equal((await stat(join(tlsDir, 'node.key'))).mode & 0o777, 0o600);
    assert.deepEqual((await readdir(tlsDir)).sort(), ['ca.crt', 'node.crt', 'node.key']);
  });
});

describe('SecretBox', () => {
  const box = new SecretBox(SecretBox.generateKey());

  it('round-trips, with a fresh IV each time', () => {
    const plain = Buffer.from('db password');
    const a = box.seal(plain);
    const b = box.seal(plain);
    assert.match(a, /^v1:[A-Za-z0-9+/]+=*$/);
    assert.notEqual(a, b);
    assert.deepEqual(box.open(a), plain);
    assert.deepEqual(box.open(box.seal(Buffer.alloc(0))), Buffer.alloc(0));
  });

  it('refuses altered text, another key and unknown formats with ORC_UNAUTHORIZED', () => {
    const sealed = box.seal(Buffer.from('secret'));
    const raw = Buffer.from(sealed.slice(3), 'base64');
    for (const offset of [0, 12, 28, raw.length - 1]) {
      const bad = flipped(raw, offset, 0x80);
      assert.throws(() => box.open(`v1:${bad.toString('base64')}`), hasCode('ORC_UNAUTHORIZED'), `byte ${offset}`);
    }
    assert.throws(() => new SecretBox(SecretBox.generateKey()).open(sealed), hasCode('ORC_UNAUTHORIZED'));
    assert.throws(() => box.open(`v2:${sealed.slice(3)}`), hasCode('ORC_UNAUTHORIZED'));
    assert.throws(() => box.open('v1:AAAA'), hasCode('ORC_UNAUTHORIZED'));
    assert.throws(() => new SecretBox(Buffer.alloc(16)), hasCode('ORC_USAGE'));
  });
});
