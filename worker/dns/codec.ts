/**
 * DNS messages (RFC 1035) read and written without dependencies.
 *
 * Names are strings in presentation form without the trailing dot ('' is the
 * root); a label byte that is '.', '\' or not printable is written `\DDD`,
 * so every wire name survives a round trip. Reading follows compression
 * pointers only backwards (no loops) and checks every bound: a malformed
 * message throws `DnsFormatError`, never anything else. Names inside the rdata
 * of NS, CNAME, PTR, DNAME, MX, SOA and SRV are decompressed while reading, so
 * `data` is always self-contained and may be written into another message.
 */
import { isIPv4, isIPv6 } from 'node:net';

export const TYPE = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, DNAME: 39, OPT: 41, ANY: 255,
} as const;
export const CLASS_IN = 1;
export const OPCODE_QUERY = 0;
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

/** The largest UDP answer without EDNS (RFC 1035 §4.2.1). */
export const UDP_MIN_SIZE = 512;
export const HEADER_SIZE = 12;
const MAX_NAME = 255;
const MAX_LABEL = 63;

export interface DnsQuestion {
  name: string;
  type: number;
  class: number;
}

export interface DnsRecord {
  name: string;
  type: number;
  /** For OPT: the sender's UDP payload size. */
  class: number;
  /** Unsigned 32 bits. For OPT: extended rcode, version and flags. */
  ttl: number;
  /** The rdata, with any compressed names expanded. */
  data: Buffer;
}

export interface DnsMessage {
  id: number;
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  ad: boolean;
  cd: boolean;
  rcode: number;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  authorities: DnsRecord[];
  additionals: DnsRecord[];
}

export class DnsFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DnsFormatError';
  }
}

// ---------------------------------------------------------------- reading

/** Reads a possibly compressed name at `start`; returns it and the offset after it in the original stream. */
export function readName(buf: Buffer, start: number): { name: string; end: number } {
  let pos = start;
  let end = -1; // where the name ends in the original stream (set at the first pointer)
  let limit = start; // a pointer must point strictly before the label sequence it ends
  let wireLength = 1;
  let name = '';
  for (;;) {
    if (pos >= buf.length) throw new DnsFormatError(`name at ${start} runs past the end`);
    const len = buf[pos] as number;
    if (len === 0) {
      if (end < 0) end = pos + 1;
      return { name, end };
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (pos + 1 >= buf.length) throw new DnsFormatError(`pointer at ${pos} runs past the end`);
      const target = ((len & 0x3f) << 8) | (buf[pos + 1] as number);
      if (target >= limit) throw new DnsFormatError(`pointer at ${pos} does not point backwards`);
      if (end < 0) end = pos + 2;
      limit = target;
      pos = target;
      continue;
    }
    if (kind !== 0) throw new DnsFormatError(`unsupported label type at ${pos}`);
    if (pos + 1 + len > buf.length) throw new DnsFormatError(`label at ${pos} runs past the end`);
    wireLength += len + 1;
    if (wireLength > MAX_NAME) throw new DnsFormatError(`name at ${start} is longer than ${MAX_NAME} bytes`);
    if (name.length > 0) name += '.';
    name += labelText(buf, pos + 1, pos + 1 + len);
    pos += 1 + len;
  }
}

function labelText(buf: Buffer, from: number, to: number): string {
  let plain = true;
  for (let i = from; i < to; i++) {
    const c = buf[i] as number;
    if (c <= 0x20 || c >= 0x7f || c === 0x2e || c === 0x5c) {
      plain = false;
      break;
    }
  }
  if (plain) return buf.toString("latin1", from, to);
  let s = '';
  for (let i = from; i < to; i++) {
    const c = buf[i] as number;
    if (c <= 0x20 || c >= 0x7f) s += '\\' + String(c).padStart(3, '0');
    else if (c === 0x2e || c === 0x5c) s += '\\' + String.fromCharCode(c);
    else s += String.fromCharCode(c);
  }
  return s;
}

class Reader {
  pos = HEADER_SIZE;
  constructor(readonly buf: Buffer) {}

  need(n: number, what: string): void {
    if (this.pos + n > this.buf.length) throw new DnsFormatError(`${what} at ${this.pos} runs past the end`);
  }

  name(): string {
    const { name, end } = readName(this.buf, this.pos);
    this.pos = end;
    return name;
  }

  question(): DnsQuestion {
    const name = this.name();
    this.need(4, 'question');
    const q = { name, type: this.buf.readUInt16BE(this.pos), class: this.buf.readUInt16BE(this.pos + 2) };
    this.pos += 4;
    return q;
  }

  record(): DnsRecord {
    const name = this.name();
    this.need(10, 'record');
    const type = this.buf.readUInt16BE(this.pos);
    const cls = this.buf.readUInt16BE(this.pos + 2);
    const ttl = this.buf.readUInt32BE(this.pos + 4);
    const rdlength = this.buf.readUInt16BE(this.pos + 8);
    this.pos += 10;
    this.need(rdlength, 'rdata');
    const data = rdata(this.buf, type, this.pos, this.pos + rdlength);
    this.pos += rdlength;
    return { name, type, class: cls, ttl, data };
  }
}

/** A copy of the rdata in [from, to) with embedded names expanded. */
function rdata(buf: Buffer, type: number, from: number, to: number): Buffer {
  // layout: fixed bytes before the names, number of names, fixed bytes after
  let before = 0;
  let names = 0;
  let after = 0;
  switch (type) {
    case TYPE.NS: case TYPE.CNAME: case TYPE.PTR: case TYPE.DNAME: names = 1; break;
    case TYPE.MX: before = 2; names = 1; break;
    case TYPE.SRV: before = 6; names = 1; break;
    case TYPE.SOA: names = 2; after = 20; break;
    default: return Buffer.from(buf.subarray(from, to));
  }
  if (from + before > to) throw new DnsFormatError(`rdata at ${from} is too short`);
  const parts: Buffer[] = [buf.subarray(from, from + before)];
  let pos = from + before;
  for (let i = 0; i < names; i++) {
    if (pos >= to) throw new DnsFormatError(`rdata at ${from} is too short`);
    const { name, end } = readName(buf, pos);
    if (end > to) throw new DnsFormatError(`a name runs past the rdata at ${from}`);
    parts.push(nameWire(name));
    pos = end;
  }
  if (pos + after !== to) throw new DnsFormatError(`rdata at ${from} has the wrong length`);
  parts.push(buf.subarray(pos, to));
  return Buffer.concat(parts);
}

/** Parses a whole message; throws DnsFormatError when it is malformed. */
export function decodeMessage(buf: Buffer): DnsMessage {
  if (buf.length < HEADER_SIZE) throw new DnsFormatError(`message of ${buf.length} bytes is shorter than a header`);
  const flags = buf.readUInt16BE(2);
  const counts = [buf.readUInt16BE(4), buf.readUInt16BE(6), buf.readUInt16BE(8), buf.readUInt16BE(10)] as const;
  // Each question takes at least 5 bytes and each record 11: refuse counts the message cannot hold.
  if (HEADER_SIZE + counts[0] * 5 + (counts[1] + counts[2] + counts[3]) * 11 > buf.length) {
    throw new DnsFormatError(`section counts ${counts.join('/')} do not fit in ${buf.length} bytes`);
  }
  const r = new Reader(buf);
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < counts[0]; i++) questions.push(r.question());
  const section = (n: number): DnsRecord[] => {
    const out: DnsRecord[] = [];
    for (let i = 0; i < n; i++) out.push(r.record());
    return out;
  };
  const answers = section(counts[1]);
  const authorities = section(counts[2]);
  const additionals = section(counts[3]);
  if (r.pos !== buf.length) throw new DnsFormatError(`${buf.length - r.pos} bytes after the last record`);
  return {
    id: buf.readUInt16BE(0),
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    ad: (flags & 0x0020) !== 0,
    cd: (flags & 0x0010) !== 0,
    rcode: flags & 0xf,
    questions,
    answers,
    authorities,
    additionals,
  };
}

// ---------------------------------------------------------------- writing

/** The uncompressed wire form of a name; throws DnsFormatError when a label or the name is too long. */
export function nameWire(name: string): Buffer {
  const labels = splitName(name);
  let size = 1;
  for (const l of labels) size += l.length + 1;
  if (size > MAX_NAME) throw new DnsFormatError(`name ${JSON.stringify(name)} is longer than ${MAX_NAME} bytes`);
  const out = Buffer.allocUnsafe(size);
  let pos = 0;
  for (const l of labels) {
    out[pos++] = l.length;
    for (const b of l) out[pos++] = b;
  }
  out[pos] = 0;
  return out;
}

/** The labels of a presentation-form name as byte arrays (escapes resolved). */
function splitName(name: string): number[][] {
  const labels: number[][] = [];
  let n = name;
  if (n.endsWith('.') && !n.endsWith('\\.')) n = n.slice(0, -1);
  if (n === '') return labels;
  let cur: number[] = [];
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    if (c === 0x5c) {
      const d = n.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(d) && Number(d) <= 255) {
        cur.push(Number(d));
        i += 3;
      } else if (i + 1 < n.length) {
        cur.push(n.charCodeAt(i + 1) & 0xff);
        i += 1;
      } else {
        throw new DnsFormatError(`name ${JSON.stringify(name)} ends with a lone backslash`);
      }
    } else if (c === 0x2e) {
      labels.push(cur);
      cur = [];
    } else {
      cur.push(c & 0xff);
    }
  }
  labels.push(cur);
  for (const l of labels) {
    if (l.length === 0) throw new DnsFormatError(`name ${JSON.stringify(name)} has an empty label`);
    if (l.length > MAX_LABEL) throw new DnsFormatError(`name ${JSON.stringify(name)} has a label longer than ${MAX_LABEL} bytes`);
  }
  return labels;
}

class Writer {
  buf: Buffer;
  pos = 0;
  private readonly offsets: Map<string, number> | undefined;

  constructor(size: number, compress: boolean) {
    this.buf = Buffer.allocUnsafe(size);
    this.offsets = compress ? new Map() : undefined;
  }

  private grow(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): void { this.grow(1); this.buf[this.pos++] = v; }
  u16(v: number): void { this.grow(2); this.buf.writeUInt16BE(v, this.pos); this.pos += 2; }
  u32(v: number): void { this.grow(4); this.buf.writeUInt32BE(v >>> 0, this.pos); this.pos += 4; }
  bytes(b: Uint8Array): void { this.grow(b.length); this.buf.set(b, this.pos); this.pos += b.length; }

  name(name: string): void {
    const offsets = this.offsets;
    if (offsets === undefined) {
      this.bytes(nameWire(name));
      return;
    }
    const wire = nameWire(name); // validates; its labels give the suffixes
    let pos = 0;
    while (wire[pos] !== 0) {
      const key = wire.toString('latin1', pos); // exact bytes: every name keeps its case
      const at = offsets.get(key);
      if (at !== undefined) {
        this.u16(0xc000 | at);
        return;
      }
      if (this.pos + pos < 0x4000) offsets.set(key, this.pos);
      const len = wire[pos] as number;
      this.bytes(wire.subarray(pos, pos + 1 + len));
      pos += 1 + len;
    }
    this.u8(0);
  }
}

export interface EncodeOptions {
  /** Compress owner and question names (default true); only byte-identical suffixes are shared. */
  compress?: boolean;
  /**
   * The most bytes the message may take (UDP: 512 or the client's EDNS size).
   * Records that do not fit are left out and TC is set; an OPT record is kept.
   */
  maxSize?: number;
}

function writeHeader(w: Writer, m: DnsMessage, counts: readonly [number, number, number, number], tc: boolean): void {
  w.u16(m.id);
  w.u16(
    (m.qr ? 0x8000 : 0) | ((m.opcode & 0xf) << 11) | (m.aa ? 0x0400 : 0) | (tc ? 0x0200 : 0) | (m.rd ? 0x0100 : 0)
      | (m.ra ? 0x0080 : 0) | (m.ad ? 0x0020 : 0) | (m.cd ? 0x0010 : 0) | (m.rcode & 0xf),
  );
  for (const c of counts) w.u16(c);
}

function writeRecord(w: Writer, r: DnsRecord): void {
  w.name(r.name);
  w.u16(r.type);
  w.u16(r.class);
  w.u32(r.ttl);
  if (r.data.length > 0xffff) throw new DnsFormatError(`rdata of ${r.data.length} bytes is too long`);
  w.u16(r.data.length);
  w.bytes(r.data);
}

/** Writes a message; with `maxSize`, truncates it (TC) to fit. */
export function encodeMessage(m: DnsMessage, opts: EncodeOptions = {}): Buffer {
  const compress = opts.compress ?? true;
  const max = opts.maxSize ?? 0xffff;
  const w = new Writer(512, compress);
  writeHeader(w, m, [m.questions.length, m.answers.length, m.authorities.length, m.additionals.length], m.tc);
  for (const q of m.questions) {
    w.name(q.name);
    w.u16(q.type);
    w.u16(q.class);
  }
  const afterQuestions = w.pos;
  const marks: number[] = []; // the end of each record, in order
  const all = [...m.answers, ...m.authorities, ...m.additionals];
  for (const r of all) {
    writeRecord(w, r);
    marks.push(w.pos);
  }
  if (w.pos <= max) return Buffer.from(w.buf.subarray(0, w.pos));

  // Too big: keep the records that fit (in order) plus OPT, set TC.
  const opt = m.additionals.find((r) => r.type === TYPE.OPT);
  const optSize = opt === undefined ? 0 : 11 + opt.data.length + (opt.name === '' ? 0 : nameWire(opt.name).length - 1);
  let kept = 0;
  while (kept < all.length && (marks[kept] as number) + optSize <= max) kept++;
  const keep = (from: number, section: DnsRecord[]): DnsRecord[] => section.slice(0, Math.max(0, Math.min(section.length, kept - from)));
  const answers = keep(0, m.answers);
  const authorities = keep(m.answers.length, m.authorities);
  const additionals = keep(m.answers.length + m.authorities.length, m.additionals).filter((r) => r.type !== TYPE.OPT);
  if (opt !== undefined) additionals.push(opt);
  const t = new Writer(Math.min(afterQuestions + 64, max), compress);
  writeHeader(t, m, [m.questions.length, answers.length, authorities.length, additionals.length], true);
  for (const q of m.questions) {
    t.name(q.name);
    t.u16(q.type);
    t.u16(q.class);
  }
  for (const r of [...answers, ...authorities, ...additionals]) writeRecord(t, r);
  if (t.pos > max) {
    // The question alone does not fit: header only.
    const h = new Writer(HEADER_SIZE, false);
    writeHeader(h, m, [0, 0, 0, 0], true);
    return Buffer.from(h.buf.subarray(0, h.pos));
  }
  return Buffer.from(t.buf.subarray(0, t.pos));
}

// ---------------------------------------------------------------- helpers

/** DNS compares names ignoring ASCII case only (RFC 4343). */
export function asciiLower(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (c) => c.toLowerCase()) : s;
}

/** The UDP payload size the sender's OPT record advertises (at least 512), or undefined without EDNS. */
export function ednsUdpSize(m: DnsMessage): number | undefined {
  const opt = m.additionals.find((r) => r.type === TYPE.OPT);
  return opt === undefined ? undefined : Math.max(UDP_MIN_SIZE, opt.class);
}

/** An OPT pseudo-record advertising `udpSize` (no options, version 0). */
export function optRecord(udpSize: number): DnsRecord {
  return { name: '', type: TYPE.OPT, class: udpSize, ttl: 0, data: Buffer.alloc(0) };
}

export function rdataA(ip: string): Buffer {
  if (!isIPv4(ip)) throw new DnsFormatError(`${ip} is not an IPv4 address`);
  return Buffer.from(ip.split('.').map(Number));
}

export function rdataAAAA(ip: string): Buffer {
  if (!isIPv6(ip)) throw new DnsFormatError(`${ip} is not an IPv6 address`);
  return Buffer.from(ipv6Words(ip).flatMap((w) => [w >> 8, w & 0xff]));
}

/** The eight 16-bit words of an IPv6 address (embedded IPv4 tails allowed). */
export function ipv6Words(ip: string): number[] {
  let s = ip.replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4 !== null) {
    const b = (v4[1] as string).split('.').map(Number);
    s = s.slice(0, v4.index) + (((b[0] as number) << 8) | (b[1] as number)).toString(16) + ':' + (((b[2] as number) << 8) | (b[3] as number)).toString(16);
  }
  const [head, tail] = s.includes('::') ? (s.split('::') as [string, string]) : [s, undefined];
  const h = head === '' ? [] : head.split(':').map((x) => parseInt(x, 16));
  const t = tail === undefined || tail === '' ? [] : tail.split(':').map((x) => parseInt(x, 16));
  const zeros = tail === undefined ? [] : new Array<number>(8 - h.length - t.length).fill(0);
  return [...h, ...zeros, ...t];
}

/** RFC 5952 text of eight 16-bit words (the longest run of two or more zero words becomes '::'). */
export function formatIPv6(words: readonly number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = (ws: readonly number[]): string => ws.map((w) => w.toString(16)).join(':');
  if (best < 0) return hex(words);
  return hex(words.slice(0, best)) + '::' + hex(words.slice(best + bestLen));
}

/** The canonical text of an address (IPv4 unchanged, IPv6 per RFC 5952, IPv4-mapped IPv6 as IPv4). */
export function canonicalIp(ip: string): string {
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return ip;
  const words = ipv6Words(ip);
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) {
    const [a, b] = [words[6] as number, words[7] as number];
    return `${a >> 8}.${a & 0xff}.${b >> 8}.${b & 0xff}`;
  }
  return formatIPv6(words);
}

export function rdataName(name: string): Buffer {
  return nameWire(name);
}

/** The reverse-lookup name of an address: 4.3.2.1.in-addr.arpa or the nibbles under ip6.arpa. */
export function reverseName(ip: string): string {
  if (isIPv4(ip)) return ip.split('.').reverse().join('.') + '.in-addr.arpa';
  const nibbles: string[] = [];
  for (const w of ipv6Words(ip)) for (let s = 12; s >= 0; s -= 4) nibbles.push(((w >> s) & 0xf).toString(16));
  return nibbles.reverse().join('.') + '.ip6.arpa';
}

/** The address an A or AAAA rdata holds, in text. */
export function rdataAddress(data: Buffer): string {
  if (data.length === 4) return `${data[0]}.${data[1]}.${data[2]}.${data[3]}`;
  if (data.length === 16) {
    const words: number[] = [];
    for (let i = 0; i < 16; i += 2) words.push(data.readUInt16BE(i));
    return formatIPv6(words);
  }
  throw new DnsFormatError(`rdata of ${data.length} bytes is not an address`);
}

/** A query message with one question. */
export function query(id: number, name: string, type: number, opts: { rd?: boolean; udpSize?: number } = {}): DnsMessage {
  return {
    id, qr: false, opcode: OPCODE_QUERY, aa: false, tc: false, rd: opts.rd ?? true, ra: false, ad: false, cd: false, rcode: 0,
    questions: [{ name, type, class: CLASS_IN }],
    answers: [],
    authorities: [],
    additionals: opts.udpSize === undefined ? [] : [optRecord(opts.udpSize)],
  };
}
