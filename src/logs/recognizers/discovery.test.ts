import { describe, expect, it } from 'vitest';
import type { Observation } from '../../evidence/kinds.js';
import { parseLogSources } from '../index.js';
import { containsHostName, dnsOutcome } from './discovery.js';

async function parse(lines: string[]): Promise<readonly Observation[]> {
  async function* gen() { let no = 0; for (const text of lines) yield { no: ++no, text }; }
  return (await parseLogSources([{ name: 't.log', lines: gen() }])).bundle.observations;
}
const LOGIN = ["(00:08:35) sipe: sipe_purple_login: username 'alice@nonexistent.invalid,'", "(00:08:35) sipe: sipe_core_allocate: user 'alice' domain 'nonexistent.invalid'"];

describe('discovery recognizer', () => {
  it('turns a failed autodiscover URL into autodiscover.response (real lines)', async () => {
    const obs = await parse([...LOGIN,
      "(00:08:35) sipe: sipe_lync_autodiscover_request: trying 'https://LyncDiscoverInternal.nonexistent.invalid/?sipuri=alice@nonexistent.invalid'",
      '(00:08:35) sipe: sipe_http_transport_new: new lyncdiscoverinternal.nonexistent.invalid:443',
      '(00:08:35) sipe: transport_connect - hostname: lyncdiscoverinternal.nonexistent.invalid port: 443',
      '(00:08:35) sipe: using SSL',
      '(00:08:35) dnsquery: Performing DNS lookup for lyncdiscoverinternal.nonexistent.invalid',
      '(00:08:35) dnsquery: Error resolving lyncdiscoverinternal.nonexistent.invalid:',
      'Name or service not known',
      '(00:08:35) proxy: Connection attempt failed: Error resolving lyncdiscoverinternal.nonexistent.invalid:',
      'Name or service not known',
      "(00:08:35) sipe: sipe_http_transport_drop: 'lyncdiscoverinternal.nonexistent.invalid:443'(0x5636b1f356d0): SSL Connection Failed",
      '(00:08:35) sipe: sipe_lync_autodiscover_request: no more methods to try!',
      '(00:08:35) sipe: lync_autodiscover_cb: got server list',
      '(00:08:35) sipe: no Lync Autodiscover servers found; trying SRV records next',
    ]);
    expect(obs.find((o) => o.kind === 'dns.lookup')?.data).toEqual({
      name: 'lyncdiscoverinternal.nonexistent.invalid', type: 'A', outcome: 'nxdomain', answers: [], error: 'Name or service not known',
    });
    expect(obs.find((o) => o.kind === 'autodiscover.response')?.data).toMatchObject({
      url: 'https://LyncDiscoverInternal.nonexistent.invalid/?sipuri=alice@nonexistent.invalid', outcome: 'unreachable',
    });
    const events = obs.filter((o) => o.kind === 'discovery.event').map((o) => o.kind === 'discovery.event' && o.data.event);
    expect(events).toEqual(['unresolvable', 'autodiscover-none']);
    // HTTP connections are not SIP candidates and libpurple's proxy failure is not a second DNS observation
    expect(obs.filter((o) => o.kind === 'dns.lookup')).toHaveLength(1);
  });

  it('records SRV queries, their results and the fallback milestones', async () => {
    const obs = await parse([...LOGIN,
      '(00:08:35) dnssrv: querying SRV record for nonexistent.invalid: _sipinternaltls._tcp.nonexistent.invalid',
      '(00:08:35) dnssrv: res_query returned an error',
      '(00:08:35) dnssrv: querying SRV record for corp.example: _sip._tls.corp.example',
      '(00:08:35) dnssrv: found 1 SRV entries',
      '(00:08:35) sipe: sipe_core_dns_resolved - SRV hostname: sip.corp.example port: 443',
      '(00:08:35) sipe: no SRV records found; trying A records next',
      '(00:08:35) sipe: no SRV or A records found; using SIP domain as fallback',
      '(00:08:35) sipe: transport_connect - hostname: nonexistent.invalid port: 5061',
      '(00:08:35) sipe: using SSL',
    ]);
    const dns = obs.filter((o) => o.kind === 'dns.lookup').map((o) => o.data);
    expect(dns).toEqual([
      { name: '_sipinternaltls._tcp.nonexistent.invalid', type: 'SRV', outcome: 'error', answers: [], error: 'res_query returned an error' },
      { name: '_sip._tls.corp.example', type: 'SRV', outcome: 'ok', answers: [{ target: 'sip.corp.example', port: 443 }] },
    ]);
    const ev = obs.filter((o) => o.kind === 'discovery.event').map((o) => o.data);
    expect(ev).toEqual([
      { event: 'srv-none' },
      { event: 'a-none', host: 'nonexistent.invalid' },
      { event: 'candidate', host: 'nonexistent.invalid', port: 5061, via: 'domain', transport: 'tls' },
    ]);
  });

  it('ignores SRV queries of other protocols (XMPP)', async () => {
    const obs = await parse([
      '(16:16:29) dnssrv: querying SRV record for soft-fx.lv: _xmpp-client._tcp.soft-fx.lv',
      '(16:16:30) dnssrv: res_query returned an error',
      '(16:16:30) dnsquery: Performing DNS lookup for soft-fx.lv',
      '(16:16:30) dnsquery: IP resolved for soft-fx.lv',
    ]);
    expect(obs).toEqual([]);
  });

  it('completes an A lookup with the address SIPE logs', async () => {
    const obs = await parse([...LOGIN.slice(0, 1), "(1:1:1) x: y", "(10:00:00) sipe: sipe_core_allocate: user 'a' domain 'corp.example'",
      '(10:00:00) dnsquery: Performing DNS lookup for sipinternal.corp.example',
      '(10:00:00) dnsquery: IP resolved for sipinternal.corp.example',
      '(10:00:00) sipe: sipe_core_dns_resolved - A hostname: 192.0.2.5 port: 5061',
    ]);
    expect(obs.find((o) => o.kind === 'dns.lookup')?.data).toEqual({ name: 'sipinternal.corp.example', type: 'A', outcome: 'ok', answers: [{ address: '192.0.2.5' }] });
  });

  it('maps resolver texts to outcomes', () => {
    expect(dnsOutcome('Name or service not known')).toBe('nxdomain');
    expect(dnsOutcome('Temporary failure in name resolution')).toBe('servfail');
    expect(dnsOutcome('something else')).toBe('error');
  });
});

describe('containsHostName', () => {
  it('finds a host only as a whole name, not inside a longer one', () => {
    const line = 'błąd podczas rozwiązywania lyncdiscover.retired-pool.corp.example: ta nazwa lub usługa jest nieznana';
    expect(containsHostName(line, 'pool.corp.example')).toBe(false);
    expect(containsHostName(line, 'retired-pool.corp.example')).toBe(false);
    expect(containsHostName(line, 'lyncdiscover.retired-pool.corp.example')).toBe(true);
    expect(containsHostName('lyncdiscover.corp.example.internal', 'lyncdiscover.corp.example')).toBe(false);
  });

  it('takes the name at the start or end of the text, or before a full stop', () => {
    expect(containsHostName('pool.corp.example: nicht gefunden', 'pool.corp.example')).toBe(true);
    expect(containsHostName('nie można rozwiązać pool.corp.example.', 'pool.corp.example')).toBe(true);
    expect(containsHostName('(pool.corp.example)', 'pool.corp.example')).toBe(true);
  });
});

describe('lookups across attempts', () => {
  const login = (t: string) => [`(${t}) sipe: sipe_purple_login: username 'alice@corp.example,'`, `(${t}) sipe: sipe_core_allocate: user 'alice' domain 'corp.example'`];
  it("a translated resolver error is the failure of this attempt's lookup, never of an earlier attempt's unanswered one", async () => {
    const obs = await parse([
      ...login('07:00:00'),
      '(07:00:00) dnsquery: Performing DNS lookup for pool.corp.example',
      ...login('07:05:00'),
      '(07:05:00) dnsquery: Performing DNS lookup for lyncdiscover.retired-pool.corp.example',
      '(07:05:01) dnsquery: Błąd podczas rozwiązywania lyncdiscover.retired-pool.corp.example:',
      'Ta nazwa lub usługa jest nieznana',
    ]);
    const failed = obs.filter((o) => o.kind === 'dns.lookup').map((o) => ({ attempt: o.attempt, name: (o.data as { name: string }).name }));
    expect(failed).toEqual([{ attempt: 'a2', name: 'lyncdiscover.retired-pool.corp.example' }]);
  });
});
