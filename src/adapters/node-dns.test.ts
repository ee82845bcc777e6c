import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type RunningDnsServer } from '../lab/dns/server.js';
import { createDnsPort, lookupVia, parseDnsServer } from './node-dns.js';

describe('parseDnsServer', () => {
  it('reads ip, ip:port and [v6]:port', () => {
    expect(parseDnsServer('10.0.0.53')).toEqual({ host: '10.0.0.53', port: 53 });
    expect(parseDnsServer('127.0.0.1:5353')).toEqual({ host: '127.0.0.1', port: 5353 });
    expect(parseDnsServer('[::1]:53')).toEqual({ host: '::1', port: 53 });
    expect(parseDnsServer('dns.example:53')).toBeUndefined();
    expect(parseDnsServer('127.0.0.1:99999')).toBeUndefined();
  });
});

describe('DnsPort over UDP against a loopback server', () => {
  let dns: RunningDnsServer;
  beforeAll(async () => {
    dns = await startDnsServer({
      host: '127.0.0.1',
      zone: {
        origins: ['corp.example'],
        entries: [
          { name: '_sipinternaltls._tcp.corp.example', type: 'SRV', target: 'pool.corp.example', port: 5061, priority: 0, weight: 0, ttl: 60 },
          { name: 'pool.corp.example', type: 'A', address: '10.1.1.1', ttl: 60 },
          { name: 'sip.corp.example', type: 'CNAME', target: 'alias.corp.example', ttl: 60 },
          { name: 'alias.corp.example', type: 'CNAME', target: 'pool.corp.example', ttl: 60 },
        ],
        faults: [
          { name: 'broken.corp.example', fault: 'servfail' },
          { name: 'silent.corp.example', fault: 'drop' },
        ],
      },
    });
  });
  afterAll(async () => dns.stop());
  const port = () => createDnsPort({ server: { host: '127.0.0.1', port: dns.port } });
  const sig = () => AbortSignal.timeout(1000);

  it('returns SRV answers and follows CNAME chains', async () => {
    const p = port();
    expect(await p.query('_sipinternaltls._tcp.corp.example', 'SRV', sig())).toMatchObject({ outcome: 'ok', answers: [{ target: 'pool.corp.example', port: 5061 }], server: `127.0.0.1:${dns.port}` });
    expect(await p.query('sip.corp.example', 'A', sig())).toMatchObject({ outcome: 'ok', answers: [{ address: '10.1.1.1' }], cnames: ['alias.corp.example', 'pool.corp.example'] });
  });

  it('tells NXDOMAIN, NODATA, SERVFAIL and timeout apart', async () => {
    const p = port();
    expect((await p.query('nothing.corp.example', 'A', sig())).outcome).toBe('nxdomain');
    expect((await p.query('pool.corp.example', 'SRV', sig())).outcome).toBe('nodata');
    expect((await p.query('broken.corp.example', 'A', sig())).outcome).toBe('servfail');
    expect((await p.query('silent.corp.example', 'A', AbortSignal.timeout(200))).outcome).toBe('timeout');
  });

  it('tells a resolver nobody listens for (ICMP port unreachable) from one that does not answer', async () => {
    // a port with no UDP listener: bind one, note its number, close it
    const { createSocket } = await import('node:dgram');
    const probe = createSocket('udp4');
    const closed = await new Promise<number>((r) => probe.bind(0, '127.0.0.1', () => r(probe.address().port)));
    await new Promise<void>((r) => probe.close(() => r()));
    const started = performance.now();
    const r = await createDnsPort({ server: { host: '127.0.0.1', port: closed } }).query('pool.corp.example', 'A', AbortSignal.timeout(3000));
    expect(r).toMatchObject({ outcome: 'unreachable', error: expect.stringMatching(/ECONNREFUSED/) });
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('serves net/undici lookups from the same resolver', async () => {
    const lookup = lookupVia(port(), 1000) as unknown as (h: string, o: object, cb: (e: Error | null, a?: unknown) => void) => void;
    const all = await new Promise((r) => lookup('pool.corp.example', { all: true }, (_e, a) => r(a)));
    expect(all).toEqual([{ address: '10.1.1.1', family: 4 }]);
    const err = await new Promise<Error | null>((r) => lookup('nothing.corp.example', {}, (e) => r(e)));
    expect((err as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
  });
});
