// The DNS message codec (RFC 1035 §4): round trips, name compression,
// truncation, and hostile input (short reads, pointer loops, absurd counts,
// a seeded fuzz of mutated packets: replay a failure with ORC_SEED=N).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalIp, CLASS_IN, decodeMessage, DnsFormatError, ednsUdpSize, encodeMessage, nameWire, optRecord, query, rdataA,
  rdataAAAA, rdataAddress, rdataName, readName, reverseName, TYPE, type DnsMessage, type DnsRecord,
} from '../../worker/dns/codec.js';
import { rng, seedFromEnv } from '../helpers/random.js';

const rr = (name: string, type: number, data: Buffer, ttl = 300): DnsRecord => ({ name, type, class: CLASS_IN, ttl, data });

function sample(): DnsMessage {
  const soa = Buffer.concat([rdataName('ns1.example.org'), rdataName('hostmaster.example.org'), Buffer.alloc(20, 7)]);
  return {
    id: 0xbeef, qr: true, opcode: 0, aa: true, tc: false, rd: true, ra: true, ad: false, cd: true, rcode: 0,
    questions: [{ name: 'www.Example.org', type: TYPE.A, class: CLASS_IN }],
    answers: [
      rr('www.Example.org', TYPE.CNAME, rdataName('web.example.org')),
      rr('web.example.org', TYPE.A, rdataA('192.0.2.1')),
      rr('web.example.org', TYPE.AAAA, rdataAAAA('2001:db8::1')),
      rr('1.2.0.192.in-addr.arpa', TYPE.PTR, rdataName('web.example.org')),
      rr('example.org', TYPE.MX, Buffer.concat([Buffer.from([0, 10]), rdataName('mail.example.org')])),
      rr('example.org', TYPE.TXT, Buffer.from('\x05hello')),
    ],
    authorities: [rr('example.org', TYPE.SOA, soa)],
    additionals: [optRecord(1232)],
  };
}

const isFormat = (e: unknown): boolean => e instanceof DnsFormatError;

describe('dns codec', () => {
  it('a message with A, AAAA, CNAME, PTR, MX, SOA, TXT and OPT records survives a round trip, compressed or not', () => {
    const m = sample();
    const plain = encodeMessage(m, { compress: false });
    const packed = encodeMessage(m);
    assert.deepEqual(decodeMessage(plain), m);
    assert.deepEqual(decodeMessage(packed), m);
    assert.ok(packed.length < plain.length - 60, `compressed ${packed.length} vs ${plain.length}`);
    assert.equal(ednsUdpSize(decodeMessage(packed)), 1232);
    assert.equal(ednsUdpSize(query(1, 'a', TYPE.A)), undefined);
  });

  it('compression shares only identical suffixes, so every name keeps its case', () => {
    const m = query(7, 'Web.EXAMPLE.org', TYPE.A);
    m.answers.push(rr('Web.EXAMPLE.org', TYPE.A, rdataA('192.0.2.9')));
    m.answers.push(rr('web.example.org', TYPE.A, rdataA('192.0.2.10')));
    const buf = encodeMessage(m);
    // the first answer's owner is a pointer to the question's name at offset 12
    const ownerAt = 12 + nameWire('Web.EXAMPLE.org').length + 4;
    assert.equal(buf.readUInt16BE(ownerAt), 0xc000 | 12);
    const d = decodeMessage(buf);
    assert.deepEqual(d.answers.map((r) => r.name), ['Web.EXAMPLE.org', 'web.example.org']);
  });

  it('names with dots, backslashes and binary bytes inside labels round-trip through escapes', () => {
    for (const name of ['a\\.b.c', 'x\\\\y', 'bin\\000\\255\\032.z', '']) {
      const m = query(1, name, TYPE.TXT);
      assert.equal(decodeMessage(encodeMessage(m)).questions[0]?.name, name);
    }
    assert.throws(() => nameWire('a..b'), isFormat);
    assert.throws(() => nameWire('x'.repeat(64)), isFormat);
    assert.throws(() => nameWire(Array(130).fill('ab').join('.')), isFormat);
  });

  it('compressed names inside rdata are expanded on read, so the record can be written elsewhere', () => {
    // question www.example.org, answer CNAME whose target is "web" + pointer to "example.org"
    const head = Buffer.from([0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]);
    const q = Buffer.concat([nameWire('www.example.org'), Buffer.from([0, 5, 0, 1])]);
    const target = Buffer.from([3, 0x77, 0x65, 0x62, 0xc0, 16]); // "web" + ptr to offset 16 ("example.org")
    const ans = Buffer.concat([Buffer.from([0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, target.length]), target]);
    const m = decodeMessage(Buffer.concat([head, q, ans]));
    assert.deepEqual(m.answers[0]?.data, rdataName('web.example.org'));
    const moved = query(2, 'other', TYPE.CNAME);
    moved.answers.push({ ...(m.answers[0] as DnsRecord), name: 'other' });
    assert.deepEqual(decodeMessage(encodeMessage(moved)).answers[0]?.data, rdataName('web.example.org'));
  });

  it('an answer too big for its limit is cut to whole records that fit, with TC set and the OPT record kept', () => {
    const m = query(3, 'svc', TYPE.A, { udpSize: 1232 });
    Object.assign(m, { qr: true });
    for (let i = 0; i < 200; i++) m.answers.push(rr('svc', TYPE.A, rdataA(`10.0.${i >> 8}.${i & 255}`)));
    const full = encodeMessage(m);
    assert.equal(decodeMessage(full).answers.length, 200);
    for (const max of [512, 1232]) {
      const cut = encodeMessage(m, { maxSize: max });
      assert.ok(cut.length <= max, `${cut.length} > ${max}`);
      const d = decodeMessage(cut);
      assert.equal(d.tc, true);
      assert.ok(d.answers.length > 0 && d.answers.length < 200);
      assert.ok(max - cut.length < 16, `room for another record was left: ${cut.length} of ${max}`);
      assert.deepEqual(d.additionals, [optRecord(1232)]);
      assert.deepEqual(d.answers, m.answers.slice(0, d.answers.length));
    }
    // not even the question fits: a bare header with TC
    const tiny = decodeMessage(encodeMessage(m, { maxSize: 14 }));
    assert.equal(tiny.tc, true);
    assert.equal(tiny.questions.length, 0);
  });

  it('reverse names and address texts', () => {
    assert.equal(reverseName('10.1.2.3'), '3.2.1.10.in-addr.arpa');
    assert.equal(reverseName('2001:db8::1'), '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa');
    assert.equal(rdataAddress(rdataAAAA('2001:db8:0:0:1::1')), '2001:db8::1:0:0:1');
    assert.equal(canonicalIp('2001:0db8:0000:0000:0000:0000:0000:0001'), '2001:db8::1');
    assert.equal(canonicalIp('::ffff:127.0.0.5'), '127.0.0.5');
    assert.equal(canonicalIp('fd00:1:0:0:2:0:0:0'), 'fd00:1:0:0:2::');
    assert.equal(rdataAddress(rdataA('172.18.0.3')), '172.18.0.3');
  });

  describe('hostile input', () => {
    const valid = encodeMessage(sample());

    it('every truncation of a valid message is refused', () => {
      for (let n = 0; n < valid.length; n++) assert.throws(() => decodeMessage(valid.subarray(0, n)), isFormat, `length ${n}`);
    });

    it('bytes after the last record are refused', () => {
      assert.throws(() => decodeMessage(Buffer.concat([valid, Buffer.from([0])])), isFormat);
    });

    it('a pointer to itself, two pointers to each other and a forward pointer are refused', () => {
      const header = (qd: number): Buffer => Buffer.from([0, 1, 0, 0, 0, qd, 0, 0, 0, 0, 0, 0]);
      const self = Buffer.concat([header(1), Buffer.from([0xc0, 12, 0, 1, 0, 1])]);
      assert.throws(() => decodeMessage(self), isFormat);
      // name at 12: label "a" then pointer to 17; at 17: pointer back to 12
      const pair = Buffer.concat([header(1), Buffer.from([1, 0x61, 0xc0, 17, 0, 0xc0, 12, 0, 1, 0, 1])]);
      assert.throws(() => readName(pair, 12), isFormat);
      const fwd = Buffer.concat([header(1), Buffer.from([0xc0, 20, 0, 1, 0, 1, 0, 0, 1, 0x61, 0])]);
      assert.throws(() => decodeMessage(fwd), isFormat);
    });

    it('a chain of backward pointers longer than 255 bytes is refused', () => {
      // 200 names, each "x" + pointer to the previous one: the last expands past 255 bytes
      const parts: Buffer[] = [Buffer.from([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), Buffer.from([1, 0x78, 0])];
      let prev = 12;
      let at = 15;
      for (let i = 0; i < 200; i++) {
        parts.push(Buffer.from([1, 0x78, 0xc0 | (prev >> 8), prev & 255]));
        prev = at;
        at += 4;
      }
      const buf = Buffer.concat(parts);
      assert.equal(readName(buf, 15 + 4 * 60).name.split('.').length, 62);
      assert.throws(() => readName(buf, prev), isFormat);
    });

    it('section counts the message cannot hold are refused at once', () => {
      const huge = Buffer.from([0, 1, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
      const t0 = process.hrtime.bigint();
      assert.throws(() => decodeMessage(huge), isFormat);
      assert.throws(() => decodeMessage(Buffer.concat([huge, Buffer.alloc(4000)])), isFormat);
      assert.ok(process.hrtime.bigint() - t0 < 50_000_000n);
    });

    it('reserved label types (0x40, 0x80) and rdata of the wrong length are refused', () => {
      assert.throws(() => decodeMessage(Buffer.from([0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x41, 0, 0, 1, 0, 1])), isFormat);
      assert.throws(() => decodeMessage(Buffer.from([0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x81, 0, 0, 1, 0, 1])), isFormat);
      const m = query(1, 'a', TYPE.A);
      m.answers.push(rr('a', TYPE.MX, Buffer.from([0]))); // MX shorter than its preference
      assert.throws(() => decodeMessage(encodeMessage(m)), isFormat);
      const s = query(1, 'a', TYPE.A);
      s.answers.push(rr('a', TYPE.SOA, Buffer.concat([rdataName('a'), rdataName('b'), Buffer.alloc(19)])));
      assert.throws(() => decodeMessage(encodeMessage(s)), isFormat);
    });

    it('a seeded fuzz of mutated packets never throws anything but DnsFormatError, and what parses round-trips', () => {
      const seed = seedFromEnv();
      const r = rng(seed);
      const seeds = [valid, encodeMessage(sample(), { compress: false }), encodeMessage(query(0x1234, 'web', TYPE.A, { udpSize: 4096 }))];
      let parsed = 0;
      try {
        for (let i = 0; i < 5000; i++) {
          const buf = Buffer.from(r.pick(seeds));
          let out: Buffer = buf;
          const edits = 1 + r.int(4);
          for (let k = 0; k < edits; k++) {
            const at = r.int(Math.max(1, out.length));
            switch (r.int(6)) {
              case 0: out[at] = r.int(256); break;
              case 1: out[at] = 0xc0 | r.int(4); break; // a pointer
              case 2: out = out.subarray(0, at); break;
              case 3: out = Buffer.concat([out.subarray(0, at), Buffer.from([r.int(256)]), out.subarray(at)]); break;
              case 4: if (out.length >= 12) out.writeUInt16BE(r.int(0x10000), 4 + 2 * r.int(4)); break;
              default: out[at] = r.int(64); break; // a label length
            }
          }
          let m: DnsMessage;
          try {
            m = decodeMessage(out);
          } catch (e) {
            if (!(e instanceof DnsFormatError)) throw e;
            continue;
          }
          parsed++;
          assert.deepEqual(decodeMessage(encodeMessage(m)), m);
          assert.deepEqual(decodeMessage(encodeMessage(m, { compress: false })), m);
        }
      } catch (e) {
        console.error(`seed=${seed}`);
        throw e;
      }
      assert.ok(parsed > 0, `seed=${seed}: no mutated packet parsed`);
    });
  });
});
