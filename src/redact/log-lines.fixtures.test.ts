/**
 * Real SIPE 1.25 debug logs recorded from the lab (fixtures/) and the shared sample: every secret
 * value found in the raw text must be gone after redaction, and nothing else may change much.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRedactor } from './log-lines.js';
import { harvestSecrets } from '../../test/helpers/secrets.js';

const DIRS = ['fixtures/lab', 'fixtures/logs'];
const files = DIRS.flatMap((d) => (existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.log')).map((f) => join(d, f)) : []));

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
