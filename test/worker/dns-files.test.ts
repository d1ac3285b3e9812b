// A container's resolv.conf, hosts and hostname files, as Docker writes them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOrcError } from '../../common/errors.js';
import { hostnameFile, hostsFile, parseExtraHost, resolvConf } from '../../worker/dns/index.js';

const usage = (needle: string) => (e: unknown): boolean => isOrcError(e) && e.code === 'ORC_USAGE' && e.message.includes(needle);

const HOST = `# managed by someone
nameserver 127.0.0.53
nameserver 10.0.0.2
nameserver ::1
search corp.example lab.example
options edns0 trust-ad
`;

const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

describe('resolv.conf', () => {
  it('on a user-defined network: the embedded server, the host search domains, ndots:0 then the host options', () => {
    const out = resolvConf({ embedded: true, hostResolvConf: HOST });
    assert.deepEqual(lines(out), ['nameserver 127.0.0.11', 'search corp.example lab.example', 'options ndots:0 edns0 trust-ad']);
    assert.ok(out.endsWith('\n'));
  });

  it('embedded with dns, dns_search and dns_opt: the servers are upstreams only, a later option of a key replaces ndots:0', () => {
    const out = resolvConf({
      embedded: true, hostResolvConf: HOST, dns: ['192.0.2.53'], dnsSearch: ['svc.local'], dnsOptions: ['timeout:2', 'ndots:3', 'timeout:1'],
    });
    assert.deepEqual(lines(out), ['nameserver 127.0.0.11', 'search svc.local', 'options ndots:3 timeout:1']);
    assert.match(out, /192\.0\.2\.53/); // named in the comment, never as a nameserver
  });

  it('embedded: `--dns-search .` removes the search line; the host\'s last search/domain line is the one used', () => {
    assert.deepEqual(lines(resolvConf({ embedded: true, hostResolvConf: HOST, dnsSearch: ['.'] })), ['nameserver 127.0.0.11', 'options ndots:0 edns0 trust-ad']);
    const host = 'domain a.example\nsearch b.example\nnameserver 10.0.0.1\n';
    assert.deepEqual(lines(resolvConf({ embedded: true, hostResolvConf: host })), ['nameserver 127.0.0.11', 'search b.example', 'options ndots:0']);
  });

  it('embedded: a host ndots is kept (as Docker does), an invalid host ndots is dropped', () => {
    assert.deepEqual(lines(resolvConf({ embedded: true, hostResolvConf: 'options ndots:2\n' })), ['nameserver 127.0.0.11', 'options ndots:2']);
    assert.deepEqual(lines(resolvConf({ embedded: true, hostResolvConf: 'options ndots:x rotate\n' })), ['nameserver 127.0.0.11', 'options ndots:0 rotate']);
  });

  it('default bridge: the host file without its loopback nameservers, said in a comment, nothing added', () => {
    const out = resolvConf({ embedded: false, hostResolvConf: HOST });
    assert.deepEqual(lines(out), ['nameserver 10.0.0.2', 'search corp.example lab.example', 'options edns0 trust-ad']);
    assert.match(out, /^# managed by someone$/m);
    assert.match(out, /^# .*127\.0\.0\.53, ::1.*$/m);
    const none = resolvConf({ embedded: false, hostResolvConf: 'nameserver 127.0.0.53\n' });
    assert.deepEqual(lines(none), []);
  });

  it('default bridge with dns, dns_search and dns_opt: each replaces the host lines of its kind in place', () => {
    const out = resolvConf({ embedded: false, hostResolvConf: HOST, dns: ['1.1.1.1', '2001:db8::53'], dnsSearch: ['x.example'], dnsOptions: ['ndots:2'] });
    assert.deepEqual(lines(out), ['nameserver 1.1.1.1', 'nameserver 2001:db8::53', 'search x.example', 'options ndots:2']);
    assert.doesNotMatch(out, /removed/);
    const empty = resolvConf({ embedded: false, hostResolvConf: '', dns: ['1.1.1.1'], dnsSearch: ['a'], dnsOptions: ['rotate'] });
    assert.deepEqual(lines(empty), ['nameserver 1.1.1.1', 'search a', 'options rotate']);
  });

  it('empty lists count as not given', () => {
    for (const embedded of [true, false]) {
      assert.equal(resolvConf({ embedded, hostResolvConf: HOST, dns: [], dnsSearch: [], dnsOptions: [] }), resolvConf({ embedded, hostResolvConf: HOST }));
    }
  });

  it('refuses a dns server that is not an address and options that are not one word or a numeric ndots', () => {
    assert.throws(() => resolvConf({ embedded: true, hostResolvConf: '', dns: ['dns.example'] }), usage('dns.example'));
    assert.throws(() => resolvConf({ embedded: true, hostResolvConf: '', dnsOptions: ['ndots:many'] }), usage('ndots:many'));
    assert.throws(() => resolvConf({ embedded: false, hostResolvConf: '', dnsOptions: ['a b'] }), usage('a b'));
  });
});

describe('hosts and hostname', () => {
  it('localhost lines, extra hosts, then the container\'s own addresses with its fqdn', () => {
    const out = hostsFile({
      hostname: 'web', domainname: 'example.org', ips: ['172.18.0.3', 'fd00::3'],
      extraHosts: ['db=10.0.0.5', 'cache:10.0.0.6', 'v6=[2001:db8::1]', 'v6b:2001:db8::2', 'gw=host-gateway'], hostGateway: '172.17.0.1',
    });
    assert.equal(out, [
      '127.0.0.1\tlocalhost',
      '::1\tlocalhost ip6-localhost ip6-loopback',
      'fe00::0\tip6-localnet',
      'ff00::0\tip6-mcastprefix',
      'ff02::1\tip6-allnodes',
      'ff02::2\tip6-allrouters',
      '10.0.0.5\tdb',
      '10.0.0.6\tcache',
      '2001:db8::1\tv6',
      '2001:db8::2\tv6b',
      '172.17.0.1\tgw',
      '172.18.0.3\tweb.example.org web',
      'fd00::3\tweb.example.org web',
      '',
    ].join('\n'));
  });

  it('no addresses (network none): only the localhost lines; no domain name: just the hostname', () => {
    assert.equal(hostsFile({ hostname: 'x', ips: [] }).split('\n').length, 7);
    assert.match(hostsFile({ hostname: 'x', ips: ['10.1.0.2'] }), /^10\.1\.0\.2\tx$/m);
  });

  it('refuses malformed extra hosts, naming the entry', () => {
    for (const bad of ['nohostip', 'db=not-an-ip', '=10.0.0.1', 'bad name=10.0.0.1', 'db=10.0.0.1.5', 'db=[10.0.0.1']) {
      assert.throws(() => hostsFile({ hostname: 'h', ips: [], extraHosts: [bad] }), usage(JSON.stringify(bad)), bad);
    }
    assert.throws(() => parseExtraHost('gw=host-gateway'), usage('host-gateway'));
    assert.throws(() => hostsFile({ hostname: 'h', ips: ['nope'] }), usage('nope'));
    assert.throws(() => hostsFile({ hostname: 'bad host', ips: [] }), usage('bad host'));
  });

  it('the hostname file is the name and a newline', () => {
    assert.equal(hostnameFile('web'), 'web\n');
  });
});
