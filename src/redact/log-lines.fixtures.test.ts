/**
 * Real SIPE 1.25 debug logs recorded from the lab (fixtures/) and the shared sample: every secret
 * value found in the raw text must be gone after redaction, and nothing else may change much.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRedactor } from './log-lines.js';

const DIRS = ['fixtures/lab', 'fixtures/logs'];
const files = DIRS.flatMap((d) => (existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.log')).map((f) => join(d, f)) : []));

/** Values that are secret wherever they occur, harvested from the raw log. */
function harvestSecrets(text: string): Set<string> {
  const out = new Set<string>();
  const take = (re: RegExp, group = 1): void => {
    for (const m of text.matchAll(re)) {
      const v = m[group];
      if (v !== undefined && v.length >= 8) out.add(v);
    }
  };
  take(/(?:gssapi-data|opaque|response|rspauth|crand|srand)="([^"]+)"/gi);
  take(/Authorization: \S+ (.+)$/gim);
  take(/^\s*(?:lm_resp|nt_resp raw|nt_resp|client_challenge|server_challenge|session_key|target_info raw): (\S+)/gm);
  take(/exported session key \(not encrypted\): (\S+)/g);
  take(/NTLM calculated MAC: (\S+)/g);
  take(/signature to verify is:(\S+)/g);
  take(/token '([^'<]+)'/g);
  take(/<(?:\w+:)?(?:Password|BinarySecret|CipherValue|SignatureValue)[^>]*>([^<]+)</g);
  take(/X-MS-WebTicket: opaque=(\S+)/gi);
  take(/(?:Set-)?Cookie: [^=\s]+=([^;\s]+)/gi);
  take(/\bHA[12] (\S+)/g);
  take(/(?:pre-master secret|master secret|key block)\s*\(\s*\d+\)\s*=\s*(\S+)/gi);
  // every base64 run inside a secret element, also when the element spans lines (PKCS#10, SAML, Security header)
  const element = /<((?:[\w.-]+:)?(?:Security|Assertion|BinarySecurityToken|BinarySecret|RequestedProofToken|EncryptedData|CipherValue|SignatureValue|Password))(?=[\s>])[^>]*>([\s\S]*?)<\/\1\s*>/gi;
  for (const m of text.matchAll(element)) {
    // a DigestValue is the hash of the public timestamp (SIPE also prints it in `sipe_xml_exc_c14n:`)
    const content = (m[2] ?? '').replace(/<DigestValue>[^<]*<\/DigestValue>/g, '');
    for (const run of content.matchAll(/[A-Za-z0-9+/=]{16,}/g)) if (/\d/.test(run[0]) && /[A-Z]/.test(run[0])) out.add(run[0]);
  }
  // the lab's dummy passwords (fixtures/lab/NOTES.md)
  for (const pw of ['Passw0rd!', 'Wr0ng-Passw0rd!']) if (text.includes(pw)) out.add(pw);
  return out;
}

describe('redaction of recorded SIPE logs', () => {
  it('finds fixtures to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s holds no secret after redaction', (file) => {
    const raw = readFileSync(file, 'utf8');
    const secrets = harvestSecrets(raw);
    const red = createRedactor();
    const lines = raw.split('\n');
    const out = lines.map((l) => red.line(l).text);
    const text = out.join('\n');
    for (const s of secrets) expect(text, `secret from ${file}`).not.toContain(s);
    expect(out.length).toBe(lines.length);
    // structure survives: header names, schemes and parameter names stay
    if (/WWW-Authenticate: NTLM opaque="[^"]+", gssapi-data="[^"]/.test(raw)) expect(text).toMatch(/WWW-Authenticate: NTLM opaque="<redacted>", gssapi-data="<redacted>"/);
    // only lines that carried something secret changed
    // … or continued a multi-line secret span (its lines become `<redacted>…`)
    const changed = lines.filter((l, i) => l !== out[i] && !out[i]?.startsWith('<redacted>'));
    for (const l of changed) {
      expect(l, `changed without a secret: ${l.slice(0, 120)}`).toMatch(
        /Authorization|Authenticate|Authentication-Info|Auth header|gssapi-data|rspauth|lm_resp|nt_resp|challenge|session_key|target_info raw|session key|calculated MAC|signature to verify|token '|Cookie|WebTicket|Password|Username|Security|Assertion|Binary|Cipher|Encrypted|Signature|secret|key block/i,
      );
    }
  });
});
