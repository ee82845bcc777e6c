/** DNS answers as they come off the wire: any bytes, any records, never a throw, bounded work. */
import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DnsType } from '../probes/types.js';
import { answerStep, decodeDnsAnswer } from './node-dns.js';

const TYPES: DnsType[] = ['A', 'AAAA', 'SRV', 'CNAME'];
const label = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
const name = fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join('.'));
const record = fc.oneof(
  fc.record({ type: fc.constant('A' as const), name, data: fc.ipV4() }),
  fc.record({ type: fc.constant('AAAA' as const), name, data: fc.constant('2001:db8::1') }),
  fc.record({ type: fc.constant('CNAME' as const), name, data: name }),
  fc.record({ type: fc.constant('SRV' as const), name, data: fc.record({ target: name, port: fc.nat(65535), priority: fc.nat(65535), weight: fc.nat(65535) }) }),
  fc.record({ type: fc.constant('TXT' as const), name, data: fc.string({ maxLength: 30 }) }),
);
const rcode = fc.constantFrom('NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED', 'NOTIMP');

/** A well-formed answer packet, then possibly cut and with some bytes changed. */
const packetBytes = fc.tuple(fc.nat(65535), rcode, fc.array(record, { maxLength: 12 }), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 6 }), fc.option(fc.nat(), { nil: undefined }))
  .map(([id, rc, answers, flips, cut]) => {
    let bytes: Buffer;
    try {
      bytes = dnsPacket.encode({ type: 'response', id, flags: dnsPacket.RECURSION_DESIRED | (['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'].indexOf(rc) & 0xf), questions: [{ type: 'A', name: 'q.example' }], answers: answers as dnsPacket.Answer[] });
    } catch {
      bytes = Buffer.from([0]);
    }
    for (const [at, value] of flips) if (bytes.length) bytes[at % bytes.length] = value;
    return { id, bytes: cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1)) };
  });

function step(bytes: Uint8Array, id: number, type: DnsType, asked: string): void {
  const r = decodeDnsAnswer(bytes, id);
  if (!r) return;
  const out = answerStep(r, asked, type, asked, [], 'test');
  if ('result' in out) {
    expect(['ok', 'nxdomain', 'nodata', 'servfail', 'refused', 'timeout', 'error']).toContain(out.result.outcome);
    for (const a of out.result.answers) expect(typeof (a.address ?? a.target)).toBe('string');
    if (out.result.outcome === 'ok') expect(out.result.answers.length).toBeGreaterThan(0);
  } else {
    expect(typeof out.next).toBe('string');
  }
}

describe('DNS answer decoding', () => {
  it('arbitrary bytes: no throw, nothing taken for an answer to another query', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat(65535), fc.constantFrom(...TYPES), (bytes, id, type) => {
      step(bytes, id, type, 'q.example');
    }), { numRuns: 2000 });
  });

  it('well-formed, cut and corrupted answer packets with any records: no throw, well-typed results', () => {
    fc.assert(fc.property(packetBytes, fc.constantFrom(...TYPES), name, ({ id, bytes }, type, asked) => {
      step(bytes, id, type, asked);
    }), { numRuns: 2000 });
  });

  it('reads records of the asked name and follows a CNAME inside the answer', () => {
    const bytes = dnsPacket.encode({ type: 'response', id: 7, flags: 0, questions: [{ type: 'A', name: 'sip.corp.example' }], answers: [
      { type: 'CNAME', name: 'sip.corp.example', data: 'pool.corp.example' },
      { type: 'A', name: 'pool.corp.example', data: '10.1.1.1' },
      { type: 'A', name: 'other.corp.example', data: '10.9.9.9' },
    ] });
    expect(decodeDnsAnswer(bytes, 8)).toBeUndefined();
    const out = answerStep(decodeDnsAnswer(bytes, 7)!, 'sip.corp.example', 'A', 'sip.corp.example', [], 'test');
    expect(out).toEqual({ result: { name: 'sip.corp.example', type: 'A', outcome: 'ok', answers: [{ address: '10.1.1.1' }], server: 'test', cnames: ['pool.corp.example'] } });
  });

  it('a huge answer (every record a CNAME loop) is read in bounded time', () => {
    const answers = Array.from({ length: 2000 }, (_, i) => ({ type: 'CNAME' as const, name: `n${i}.example`, data: `n${i + 1}.example` }));
    const bytes = dnsPacket.encode({ type: 'response', id: 1, flags: 0, questions: [{ type: 'A', name: 'n0.example' }], answers });
    const t0 = performance.now();
    const out = answerStep(decodeDnsAnswer(bytes, 1)!, 'n0.example', 'A', 'n0.example', [], 'test');
    expect(out).toEqual({ next: 'n8.example' });
    expect(performance.now() - t0).toBeLessThan(1_000);
  });
});
