/**
 * The decoders that read what servers send (and what SIPE dumps into logs): HTTP messages and
 * X-Ms-diagnostics, the SIP framer, XML (autodiscover documents, SOAP faults of the web ticket
 * service). On arbitrary and on near-valid input: no throw, and bounded time on large hostile input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAutodiscoverResponse, AUTODISCOVER_XML_TYPE } from './autodiscover.js';
import { parseHttpMessage, parseXMsDiagnostics } from './http.js';
import { createSipFramer } from './sip/framer.js';
import { parseSoapFault, soapFaultText } from './soap-fault.js';
import { decodeXmlText, findFirst, isWellFormedXml, parseXml } from './xml.js';

/** Strings made of the pieces a decoder branches on, so the properties reach past the first check. */
const pieces = (parts: readonly string[], maxLength = 60): fc.Arbitrary<string> =>
  fc.array(fc.oneof(fc.constantFrom(...parts), fc.string({ maxLength: 6 })), { maxLength }).map((p) => p.join(''));

const HTTP_PARTS = ['HTTP/1.1 ', '200 OK', '401 Unauthorized', 'POST /x HTTP/1.1', '\r\n', '\n', ': ', 'Content-Length', 'Transfer-Encoding: chunked', '5\r\n', '0\r\n\r\n', 'ffffffff\n', 'X-Ms-diagnostics: ', '28020;reason="x";source="y"', ';', '=', '"', 'WWW-Authenticate: NTLM'];
const XML_PARTS = ['<', '>', '</', '/>', '<?xml version="1.0"?>', '<!DOCTYPE x [<!ENTITY a "&b;&b;">]>', '<![CDATA[', ']]>', '<!--', '-->', '&amp;', '&#x41;', '&#99999999;', '&lol;', ' a="1"', 's:', 'Envelope', 'Body', 'Fault', 'Reason', 'Text', 'AutodiscoverResponse', 'User', 'Link', ' token="Internal/Autodiscover"', ' href="https://x.example/"', 'SipClientInternalAccess', ' fqdn="pool.example" port="5061"', 'Assertion'];
const SIP_PARTS = ['REGISTER sip:x SIP/2.0', 'SIP/2.0 200 OK', '\r\n', '\n', '\r\n\r\n', 'Content-Length: ', 'l: ', '0', '5', '99999999999', '-1', 'abc', 'CSeq: 1 REGISTER'];

describe('HTTP decoding', () => {
  it('never throws on arbitrary or near-HTTP text', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 400 }), pieces(HTTP_PARTS)), (s) => {
      const m = parseHttpMessage(s);
      if (m) expect(typeof m.body).toBe('string');
      for (const d of parseXMsDiagnostics(s)) expect(typeof d).toBe('object');
    }), { numRuns: 2000 });
  });

  it('stays bounded on large hostile dumps', () => {
    const big = [
      `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${'1\r\nx\r\n'.repeat(200_000)}`,
      `HTTP/1.1 200 OK\r\n${'X-A: b\r\n'.repeat(100_000)}\r\n`,
      `HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n${'a'.repeat(1_000_000)}`,
      `${'28020;reason="'.repeat(50_000)}`,
    ];
    for (const s of big) {
      const t0 = performance.now();
      parseHttpMessage(s);
      parseXMsDiagnostics(s);
      expect(performance.now() - t0).toBeLessThan(5_000);
    }
  });
});

describe('SIP framing', () => {
  it('any bytes in any chunks: no throw, every message is a prefix-free slice of the input, an error is final', () => {
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 400 }), pieces(SIP_PARTS).map((s) => new TextEncoder().encode(s))), fc.integer({ min: 1, max: 64 }), (bytes, size) => {
      const framer = createSipFramer(1024);
      let failed = false;
      let total = 0;
      for (let i = 0; i < bytes.length; i += size) {
        const frames = framer.push(bytes.subarray(i, i + size));
        if (failed) expect(frames).toEqual([]);
        for (const f of frames) {
          if (f.kind === 'error') failed = true;
          else total += Buffer.byteLength(f.text);
        }
      }
      expect(total).toBeLessThanOrEqual(bytes.length * 3); // replacement characters may widen invalid UTF-8
    }), { numRuns: 1000 });
  });

  it('a byte-at-a-time header that never ends stops at the size limit', () => {
    const framer = createSipFramer(64 * 1024);
    const t0 = performance.now();
    let error: string | undefined;
    for (let i = 0; i < 70_000 && !error; i++) {
      for (const f of framer.push(Uint8Array.of(0x61))) if (f.kind === 'error') error = f.error;
    }
    expect(error).toBe('too-large');
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});

describe('XML (autodiscover documents, SOAP faults of the web ticket service)', () => {
  it('never throws on arbitrary or XML-like text', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), pieces(XML_PARTS)), (s) => {
      const doc = parseXml(s);
      if (doc) findFirst(doc, 'Fault');
      isWellFormedXml(s);
      expect(typeof decodeXmlText(s)).toBe('string');
      parseSoapFault(s);
      soapFaultText(s);
      parseAutodiscoverResponse(s, AUTODISCOVER_XML_TYPE);
    }), { numRuns: 1500 });
  });

  it('never expands entities, and stays bounded on deep, wide and bomb documents', () => {
    const bomb = `<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]><s:Envelope><s:Body><s:Fault><s:Reason><s:Text>&j;</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>`;
    const deep = `${'<a>'.repeat(20_000)}x${'</a>'.repeat(20_000)}`;
    const wide = `<r>${'<Link token="t" href="https://h.example/"/>'.repeat(20_000)}</r>`;
    const unclosed = '<a b="'.repeat(200_000);
    for (const s of [bomb, deep, wide, unclosed, '<'.repeat(1_000_000)]) {
      const t0 = performance.now();
      const text = soapFaultText(s);
      parseAutodiscoverResponse(s, AUTODISCOVER_XML_TYPE);
      isWellFormedXml(s);
      expect(performance.now() - t0).toBeLessThan(10_000);
      if (s === bomb) expect(text ?? '').not.toContain('aaaaaaaaaaaaaaaaaaaa');
    }
  }, 60_000);
});
