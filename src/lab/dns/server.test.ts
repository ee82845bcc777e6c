import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Resolver } from 'node:dns/promises';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import dnsPacket from 'dns-packet';
import type { DecodedPacket } from 'dns-packet';
import { startDnsServer, type RunningDnsServer } from './server.js';
import type { CompiledZone } from './zone.js';

const zone: CompiledZone = {
  origins: ['corp.example', 'online.lync.com'],
  entries: [
    { name: '_sipinternaltls._tcp.corp.example', type: 'SRV', target: 'pool.corp.example', port: 5061, priority: 0, weight: 0, ttl: 60 },
    { name: 'pool.corp.example', type: 'A', address: '127.0.0.1', ttl: 60 },
    { name: 'sip.corp.example', type: 'CNAME', target: 'pool.corp.example', ttl: 60 },
    { name: 'lyncdiscover.corp.example', type: 'CNAME', target: 'sipdir.online.lync.com', ttl: 60 },
    { name: 'sipdir.online.lync.com', type: 'A', address: '127.0.0.1', ttl: 60 },
    { name: 'outside.corp.example', type: 'CNAME', target: 'www.elsewhere.example', ttl: 60 },
    ...Array.from({ length: 20 }, (_, i) => ({ name: 'big.corp.example', type: 'TXT' as const, text: `record-${i}-${'x'.repeat(40)}`, ttl: 60 })),
  ],
  faults: [
    { name: 'broken.corp.example', fault: 'servfail' },
    { name: 'silent.corp.example', fault: 'drop' },
    { name: 'slow.corp.example', fault: 'delay', delayMs: 300 },
  ],
};

let dns: RunningDnsServer;
let resolver: Resolver;

beforeAll(async () => {
  dns = await startDnsServer({ zone });
  resolver = new Resolver({ timeout: 1500, tries: 1 });
  resolver.setServers([`127.0.0.1:${dns.port}`]);
});
afterAll(async () => {
  resolver.cancel();
  await dns.stop();
});

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? 'error';
  }
}

/** one query over TCP with dns-packet framing */
function tcpQuery(name: string, type: 'A' | 'SRV' | 'CNAME'): Promise<DecodedPacket> {
  return new Promise((resolve, reject) => {
    const sock = connect(dns.port, '127.0.0.1');
    const q = dnsPacket.streamEncode({ type: 'query', id: 7, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] });
    let buf = Buffer.alloc(0);
    sock.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        sock.destroy();
        resolve(dnsPacket.streamDecode(buf) as DecodedPacket);
      }
    });
    sock.on('error', reject);
    sock.write(q);
  });
}

describe('lab DNS over UDP (node:dns Resolver)', () => {
  it('answers SRV for the SIP service name', async () => {
    expect(await resolver.resolveSrv('_sipinternaltls._tcp.corp.example')).toEqual([
      { name: 'pool.corp.example', port: 5061, priority: 0, weight: 0 },
    ]);
  });

  it('answers A and follows a CNAME inside the zone', async () => {
    expect(await resolver.resolve4('pool.corp.example')).toEqual(['127.0.0.1']);
    expect(await resolver.resolve4('sip.corp.example')).toEqual(['127.0.0.1']);
    expect(await resolver.resolveCname('sip.corp.example')).toEqual(['pool.corp.example']);
  });

  it('follows a CNAME into another zone it serves (SfB Online retired names)', async () => {
    expect(await resolver.resolve4('lyncdiscover.corp.example')).toEqual(['127.0.0.1']);
  });

  it('NXDOMAIN for a missing name, NODATA for a missing type', async () => {
    expect(await code(resolver.resolveSrv('_sip._tls.corp.example'))).toBe('ENOTFOUND');
    expect(await code(resolver.resolveSrv('pool.corp.example'))).toBe('ENODATA');
  });

  it('SERVFAIL, silence and delay', async () => {
    expect(await code(resolver.resolve4('broken.corp.example'))).toBe('ESERVFAIL');
    expect(await code(resolver.resolve4('silent.corp.example'))).toBe('ETIMEOUT');
    const t0 = Date.now();
    expect(await resolver.resolve4('slow.corp.example').catch(() => [])).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it('REFUSED for names outside its zones', async () => {
    expect(await code(resolver.resolve4('www.google.com'))).toBe('EREFUSED');
  });

  it('truncates a large UDP answer so the resolver retries over TCP and gets it all', async () => {
    const txt = await resolver.resolveTxt('big.corp.example');
    expect(txt).toHaveLength(20);
  });
});

describe('lab DNS over TCP', () => {
  it('answers SRV and A over TCP', async () => {
    const srv = await tcpQuery('_sipinternaltls._tcp.corp.example', 'SRV');
    expect(srv.id).toBe(7);
    expect(srv.flag_aa).toBe(true);
    expect(srv.answers?.[0]).toMatchObject({ type: 'SRV', data: { target: 'pool.corp.example', port: 5061 } });
    const a = await tcpQuery('sip.corp.example', 'A');
    expect(a.answers?.map((x) => x.type)).toEqual(['CNAME', 'A']);
  });

  it('NXDOMAIN over TCP carries the SOA', async () => {
    const r = await tcpQuery('nothing.corp.example', 'A');
    expect((r as DecodedPacket & { rcode: string }).rcode).toBe('NXDOMAIN');
    expect(r.authorities?.[0]?.type).toBe('SOA');
  });

  it('ignores garbage datagrams and keeps serving', async () => {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.send(Buffer.from('not dns at all, definitely not'), dns.port, '127.0.0.1', () => r()));
    s.close();
    expect(await resolver.resolve4('pool.corp.example')).toEqual(['127.0.0.1']);
  });
});
