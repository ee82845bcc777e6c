/**
 * The per-line fast path (skip every pattern when no anchor word is present) must not change a
 * single output line: compared with the full pattern run on every recorded log and on generated
 * lines built from the secret-bearing templates, cut and mixed with noise.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, redactLine } from './log-lines.js';

const DIRS = ['fixtures/lab', 'fixtures/logs'];
const files = DIRS.flatMap((d) => (existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.log')).map((f) => join(d, f)) : []));

function both(lines: readonly string[]): { fast: string[]; full: string[]; fastCount: number; fullCount: number } {
  const fastR = createRedactor();
  const fullR = createRedactor({ fastPath: false });
  let fastCount = 0;
  let fullCount = 0;
  const fast = lines.map((l) => { const r = fastR.line(l); fastCount += r.count; return r.text; });
  const full = lines.map((l) => { const r = fullR.line(l); fullCount += r.count; return r.text; });
  return { fast, full, fastCount, fullCount };
}

describe('redaction fast path', () => {
  it.each(files)('%s: identical output with and without the fast path', (file) => {
    const lines = readFileSync(file, 'utf8').split('\n');
    const r = both(lines);
    expect(r.fast).toEqual(r.full);
    expect(r.fastCount).toBe(r.fullCount);
    for (const l of lines) expect(redactLine(l)).toEqual(createRedactor({ fastPath: false }).line(l));
    // the parser's allocation-free form gives the same text and count
    const stream = createRedactor();
    expect(lines.map((l) => stream.text(l))).toEqual(r.full);
    expect(stream.total).toBe(r.fullCount);
  });

  const FRAGMENTS = [
    'Authorization: NTLM ', 'WWW-Authenticate: TLS-DSK ', 'gssapi-data="', 'opaque="', 'rspauth="', 'crand=', 'srand="',
    '(10:11:12) sipe: ', 'MESSAGE START >>>>>>>>>> HTTP(0x1) - 2019-10-12T08:11:12Z', 'MESSAGE END <<<<<<<<<< SIP - x',
    "token '", 'exported session key (not encrypted): ', 'NTLM calculated MAC: ', 'message is:', ' signature to verify is:',
    'sip_sec_ntlm_message_describe: Authenticate message is:', '\tlm_resp: ', '\tmic: ', '\tsession_key: ', '\ttarget_info raw: ',
    'HA1 ', 'HA2=', 'https://u:', '@h/', 'password=', '"access_token":"', 'client_secret=',
    '<wsse:Password>', '</wsse:Password>', '<saml:Assertion a="1">', '</saml:Assertion>', '<wsse:Security>', '</wsse:Security>',
    '<wsse:BinarySecurityToken ValueType="x">', '</wsse:BinarySecurityToken>', '<BinarySecret>', '&lt;wsse:Password&gt;', '&lt;/wsse:Password&gt;',
    '<username>', '<xenc:CipherValue>', '<SignatureValue>', '<wst:RequestedProofToken>', '<xenc:EncryptedData>',
    'tls_calculate_secrets: master secret (48) = ', 'key block (104) = ', 'client write MAC key (20) = ', 'sipe_tls_prf: ',
    'Cookie: a=', 'Set-Cookie: b=', 'X-MS-WebTicket: opaque=', ' ', '\t', '  ', ', ', '"', "'", '<', '>', '/', ':', '=',
    'MIICYjCCAUoCAQAwHTEbMBkGA1UEAwwSYWxpY2VAY29ycC5leGFtcGxlMIIBIjANBgkqhkiG9w0B', '0102030405060708090a0b0c0d0e0f10', 'aa bb cc dd',
    'TlRMTVNTUAADAAAAGAAYAHAAAAA=', 'Qco290fPejkl0f2wwa2xmSmF4xMn89SSk0TLdsFzWZI=', 'plain words', 'Content-Length: 0', '',
  ];
  const LINE = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 12 })), { maxLength: 8 }).map((p) => p.join(''));

  it('identical output on generated multi-line input', () => {
    fc.assert(fc.property(fc.array(LINE, { minLength: 1, maxLength: 25 }), (lines) => {
      const r = both(lines);
      expect(r.fast).toEqual(r.full);
      expect(r.fastCount).toBe(r.fullCount);
      const stream = createRedactor();
      expect(lines.map((l) => stream.text(l))).toEqual(r.full);
      expect(stream.total).toBe(r.fullCount);
    }), { numRuns: 1500 });
  });

  it('identical output on arbitrary single lines', () => {
    fc.assert(fc.property(LINE, (line) => {
      expect(redactLine(line)).toEqual(createRedactor({ fastPath: false }).line(line));
    }), { numRuns: 3000 });
  });

  it('deferred lines change nothing for the lines that are redacted', () => {
    fc.assert(fc.property(fc.array(fc.tuple(LINE, fc.boolean()), { minLength: 1, maxLength: 25 }), (items) => {
      const deferring = createRedactor();
      const full = createRedactor();
      const a: string[] = [];
      const b: string[] = [];
      for (const [l, skip] of items) {
        if (skip) deferring.defer(l);
        else a.push(deferring.text(l));
        const t = full.text(l);
        if (!skip) b.push(t);
      }
      expect(a).toEqual(b);
      // nothing deferred: the same count
      if (items.every(([, skip]) => !skip)) expect(deferring.total).toBe(full.total);
    }), { numRuns: 3000 });
  });
});
