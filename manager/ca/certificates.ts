/**
 * The cluster's certificates: a self-signed root, node keys and CSRs, node
 * certificates issued against a CSR, and reading a node's identity back out
 * of its certificate. ECDSA P-256 with SHA-256 throughout.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import type { Clock } from '../../common/clock.js';
import { systemClock } from '../../common/clock.js';
import { OrcError } from '../../common/errors.js';
import { subtle, x509 } from './x509.js';

export type NodeRole = 'manager' | 'worker';

export interface CertAndKey {
  certPem: string;
  keyPem: string;
}

export interface NodeIdentity {
  nodeId: string;
  role: NodeRole;
  clusterId: string;
  /** the certificate's serial number, lowercase hex */
  serial: string;
}

export interface IssueOptions {
  nodeId: string;
  role: NodeRole;
  clusterId: string;
  /** addresses the node is reached at; 127.0.0.1 is always added */
  ips: string[];
  dnsNames?: string[];
  /** lifetime of the certificate (default 90 days) */
  expiryMs?: number;
  clock?: Clock;
}

export const ROOT_CA_COMMON_NAME = 'orc-root-ca';
/** The TLS server name every manager certificate carries. */
export const MANAGER_SERVER_NAME = 'orc-manager';
export const ROLE_OU: Readonly<Record<NodeRole, string>> = { manager: 'swarm-manager', worker: 'swarm-worker' };

const DAY_MS = 24 * 60 * 60 * 1000;
export const ROOT_CA_VALIDITY_MS = 20 * 365 * DAY_MS;
export const NODE_CERT_VALIDITY_MS = 90 * DAY_MS;
/** Certificates are dated this much in the past so that a peer whose clock is a little behind accepts them. */
export const BACKDATE_MS = 5 * 60 * 1000;

const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;

type CryptoKeyPair = webcrypto.CryptoKeyPair;
type CryptoKey = webcrypto.CryptoKey;

async function generateKeyPair(): Promise<CryptoKeyPair> {
  return subtle.generateKey(EC_KEY, true, ['sign', 'verify']);
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  const der = await subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function importSigningKey(keyPem: string): Promise<CryptoKey> {
  let der: ArrayBuffer;
  try {
    const blocks = x509.PemConverter.decode(keyPem);
    if (blocks.length !== 1 || blocks[0] === undefined) throw new Error('expected one PEM block');
    der = blocks[0];
    return await subtle.importKey('pkcs8', der, EC_KEY, false, ['sign']);
  } catch (e) {
    throw new OrcError('ORC_USAGE', `invalid private key: expected a PKCS#8 ECDSA P-256 key in PEM (${errText(e)})`, { cause: e });
  }
}

function parseCert(cert: string | Buffer | Uint8Array, what = 'certificate'): x509.X509Certificate {
  try {
    return new x509.X509Certificate(typeof cert === 'string' ? cert : toArrayBuffer(cert));
  } catch (e) {
    throw new OrcError('ORC_USAGE', `invalid ${what}: ${errText(e)}`, { cause: e });
  }
}

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** 16 random bytes, first bit clear (a positive DER integer) and second set (no leading zero byte). */
export function randomSerial(): string {
  const b = randomBytes(16);
  b[0] = ((b[0] ?? 0) & 0x7f) | 0x40;
  return b.toString('hex');
}

/** Creates the cluster's self-signed root: CN=orc-root-ca (O=clusterId when given), valid 20 years. */
export async function createRootCA(opts: { clusterId?: string; clock?: Clock } = {}): Promise<CertAndKey> {
  const now = (opts.clock ?? systemClock).now();
  const keys = await generateKeyPair();
  const name = opts.clusterId === undefined ? `CN=${ROOT_CA_COMMON_NAME}` : `CN=${ROOT_CA_COMMON_NAME}, O=${opts.clusterId}`;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name,
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + ROOT_CA_VALIDITY_MS),
    keys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, 1, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
}

/** sha256 of the certificate's DER, lowercase hex (64 characters). */
export function caFingerprint(certPem: string): string {
  return createHash('sha256').update(Buffer.from(parseCert(certPem, 'CA certificate').rawData)).digest('hex');
}

/** A fresh node key and a CSR signed by it (the subject is a placeholder: the CA decides the name). */
export async function createNodeKeyAndCsr(): Promise<{ keyPem: string; csrPem: string }> {
  const keys = await generateKeyPair();
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=orc-node', keys, signingAlgorithm: SIGNING });
  return { keyPem: await exportKeyPem(keys.privateKey), csrPem: csr.toString('pem') };
}

const NODE_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;
const DNS_NAME = /^(?=.{1,253}$)[A-Za-z0-9*]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const CLUSTER_ID = /^[^,=+<>#;\\"\n]{1,64}$/;

/**
 * Issues a node certificate for the key in `csrPem`. The CSR's signature must
 * verify (proof the requester holds the key); everything else in it is
 * ignored: the subject and names come from `opts`.
 */
export async function issueNodeCertificate(ca: CertAndKey, csrPem: string, opts: IssueOptions): Promise<{ certPem: string; serial: string }> {
  if (!NODE_ID.test(opts.nodeId)) throw new OrcError('ORC_USAGE', `invalid node id ${JSON.stringify(opts.nodeId)}: letters, digits and '-', at most 63`);
  if (!CLUSTER_ID.test(opts.clusterId)) throw new OrcError('ORC_USAGE', `invalid cluster id ${JSON.stringify(opts.clusterId)}`);
  if (opts.role !== 'manager' && opts.role !== 'worker') throw new OrcError('ORC_USAGE', `invalid node role ${JSON.stringify(opts.role)}`);
  for (const ip of opts.ips) if (isIP(ip) === 0) throw new OrcError('ORC_USAGE', `invalid IP address ${JSON.stringify(ip)}`);
  for (const dns of opts.dnsNames ?? []) if (!DNS_NAME.test(dns)) throw new OrcError('ORC_USAGE', `invalid DNS name ${JSON.stringify(dns)}`);
  const expiryMs = opts.expiryMs ?? NODE_CERT_VALIDITY_MS;
  if (!(expiryMs > 0)) throw new OrcError('ORC_USAGE', `invalid certificate lifetime ${expiryMs} ms`);

  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem);
  } catch (e) {
    throw new OrcError('ORC_USAGE', `invalid certificate signing request: ${errText(e)}`, { cause: e });
  }
  const alg = csr.publicKey.algorithm as { name?: string; namedCurve?: string };
  if (alg.name !== 'ECDSA' || alg.namedCurve !== 'P-256') {
    throw new OrcError('ORC_USAGE', `certificate signing request: the key must be ECDSA P-256, not ${alg.name ?? '?'} ${alg.namedCurve ?? ''}`.trimEnd());
  }
  let signed = false;
  try {
    signed = await csr.verify();
  } catch {
    signed = false;
  }
  if (!signed) throw new OrcError('ORC_UNAUTHORIZED', 'certificate signing request: the signature does not verify against its key');

  const caCert = parseCert(ca.certPem, 'CA certificate');
  const signingKey = await importSigningKey(ca.keyPem);
  const now = (opts.clock ?? systemClock).now();
  const serial = randomSerial();

  const ips = unique([...opts.ips, '127.0.0.1']);
  const dns = unique([...(opts.dnsNames ?? []), ...(opts.role === 'manager' ? [MANAGER_SERVER_NAME] : []), opts.nodeId]);
  const publicKey = await csr.publicKey.export();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: [{ CN: [opts.nodeId] }, { OU: [ROLE_OU[opts.role]] }, { O: [opts.clusterId] }],
    issuer: caCert.subjectName,
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + expiryMs),
    publicKey,
    signingKey,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...dns.map((value) => ({ type: 'dns' as const, value })),
        ...ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), serial };
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/**
 * The node identity a certificate carries: CN = node id, OU = role, O =
 * cluster id. Throws ORC_UNAUTHORIZED when the OU names no role. Does not
 * verify the certificate: call it only on a certificate the TLS layer (or
 * `verifyIssuedBy`) already checked.
 */
export function certIdentity(cert: string | Buffer | Uint8Array): NodeIdentity {
  const parsed = parseCert(cert);
  const name = parsed.subjectName;
  const one = (field: string): string | undefined => {
    const values = name.getField(field);
    return values.length === 1 ? values[0] : undefined;
  };
  const ou = one('OU');
  const role = (Object.keys(ROLE_OU) as NodeRole[]).find((r) => ROLE_OU[r] === ou);
  if (role === undefined) throw new OrcError('ORC_UNAUTHORIZED', `certificate ${JSON.stringify(parsed.subject)} names no node role (OU must be swarm-manager or swarm-worker)`);
  const nodeId = one('CN');
  const clusterId = one('O');
  if (nodeId === undefined || clusterId === undefined) {
    throw new OrcError('ORC_UNAUTHORIZED', `certificate ${JSON.stringify(parsed.subject)} lacks a node id (CN) or cluster id (O)`);
  }
  return { nodeId, role, clusterId, serial: parsed.serialNumber.toLowerCase() };
}

/**
 * Whether `certPem` was signed by the CA in `caCertPem` (issuer name and
 * signature) and is inside its validity window at the clock's time.
 */
export async function verifyIssuedBy(certPem: string, caCertPem: string, clock: Clock = systemClock): Promise<boolean> {
  const cert = parseCert(certPem);
  const caCert = parseCert(caCertPem, 'CA certificate');
  if (cert.issuer !== caCert.subject) return false;
  try {
    return await cert.verify({ publicKey: caCert.publicKey, date: new Date(clock.now()) });
  } catch {
    return false;
  }
}
