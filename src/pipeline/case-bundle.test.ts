import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CASE_BUNDLE_VERSION, CaseBundleError, looksLikeCaseBundle, parseCaseBundle, redactClientLog, scrubSecrets, sealCaseBundle,
  serializeCaseBundle, type CaseBundleDraft,
} from './case-bundle.js';
import { parseCaseBundleText } from './case-file.js';
import { diagnoseCaseBundle } from './collected.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'lab');
/** a real client's log of a wrong password (unredacted: NTLM blobs included) */
const AUTH_FAILED_LOG = readFileSync(join(FIXTURES, 'auth-failed.log'), 'utf8');
const PASSWORD = 'Sup3r-Secret&<pw>';

function draft(over: Partial<CaseBundleDraft> = {}): CaseBundleDraft {
  return {
    tool: { name: 'sipe-doctor', version: '0.1.0' },
    createdAt: '2026-12-03T10:00:00.000Z',
    durationMs: 1234,
    target: 'alice@corp.example',
    steps: [{ name: 'environment', status: 'ok', ms: 5 }],
    environment: { unavailable: 'not collected in this test' },
    account: {
      source: 'accounts.xml',
      settings: { username: 'alice@corp.example', login: 'CORP\\alice', server: 'sip.corp.example:443', transport: 'tls', authentication: 'ntlm', userAgent: '' },
      passwordSource: 'accounts.xml',
      lint: [],
    },
    context: { schemaVersion: 1, mode: 'config', observations: [], probeErrors: [] },
    check: { status: 'skipped', reason: 'not run in this test' },
    // the password leaks into the log as a user might paste it in a line
    client: { status: 'captured', ended: 'connection-error', durationMs: 6000, log: `${AUTH_FAILED_LOG}\n(01:15:19) test: typed ${PASSWORD}\n` },
    verdict: { agreement: 'none', decidedBy: 'none', rootCause: null, outcome: 'unknown', confidence: null, summary: '', explanation: '' },
    ...over,
  };
}

describe('collect bundle: sealing', () => {
  it('no secret enters: NTLM blobs redacted, the password scrubbed in every form, names pseudonymized', () => {
    const text = serializeCaseBundle(sealCaseBundle(draft(), { pii: true, secrets: [PASSWORD] }));
    expect(AUTH_FAILED_LOG).toContain('TlRMTVNTUAAC');
    expect(text).not.toContain('TlRMTVNTUAAC');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('Sup3r-Secret&amp;&lt;pw&gt;');
    expect(text).not.toMatch(/alice|corp\.example/i);
    expect(text).toContain('user1@domain1.example');
    expect(looksLikeCaseBundle(text)).toBe(true);
  });

  it('--no-redact-pii keeps names but still removes secrets', () => {
    const b = sealCaseBundle(draft(), { pii: false, secrets: [PASSWORD] });
    const text = serializeCaseBundle(b);
    expect(b.redaction).toEqual({ secrets: true, pii: false });
    expect(text).toContain('alice@corp.example');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('TlRMTVNTUAAC');
    expect(b.client.status === 'captured' && b.client.redactions).toBeGreaterThan(0);
  });

  it('scrubSecrets replaces keys and values, ignores too-short secrets', () => {
    expect(scrubSecrets({ [`k${PASSWORD}`]: ['x', `a${PASSWORD}b`] }, [PASSWORD, 'ab'])).toEqual({ 'k<redacted>': ['x', 'a<redacted>b'] });
  });

  it('a very long client log keeps its end', () => {
    const r = redactClientLog(`${'x'.repeat(100)}\n`.repeat(100_000));
    expect(r.truncated).toBe(true);
    expect(r.text.length).toBeLessThanOrEqual(8 * 1024 * 1024);
  });
});

describe('collect bundle: reading', () => {
  const good = JSON.parse(serializeCaseBundle(sealCaseBundle(draft(), { pii: true, secrets: [PASSWORD] }))) as Record<string, unknown>;

  it('round-trips', () => {
    const b = parseCaseBundle(good);
    expect(b.version).toBe(CASE_BUNDLE_VERSION);
    expect(b.client.status).toBe('captured');
  });

  it.each([
    ['not an object', [], /expected a JSON object/],
    ['another format', { ...good, format: 'x' }, /not a sipe-doctor collect bundle/],
    ['another version', { ...good, version: 2 }, /unsupported collect bundle version 2/],
    ['no target', { ...good, target: undefined }, /"target"/],
    ['secrets not removed', { ...good, redaction: { secrets: false, pii: false } }, /redaction\.secrets/],
    ['bad context evidence', { ...good, context: { schemaVersion: 9 } }, /context: unsupported evidence bundle schemaVersion/],
    ['check ran without evidence', { ...good, check: { status: 'ran' } }, /check\.evidence/],
    ['client log missing', { ...good, client: { status: 'captured' } }, /client\.log/],
    ['client status unknown', { ...good, client: { status: 'maybe' } }, /client\.status/],
    ['no verdict', { ...good, verdict: undefined }, /"verdict"/],
  ])('refuses %s, saying why', (_name, value, message) => {
    expect(() => parseCaseBundle(value)).toThrow(CaseBundleError);
    expect(() => parseCaseBundle(value)).toThrow(message);
  });

  it('a cut-short file says so', () => {
    const text = serializeCaseBundle(parseCaseBundle(good));
    expect(() => parseCaseBundleText(text.slice(0, text.length / 2), 'ticket.json')).toThrow(/ticket\.json is not a valid collect bundle \(not valid JSON/);
  });
});

describe('collect bundle: diagnosis', () => {
  it('the real client alone: its log decides, the live check is listed as not run', async () => {
    const b = parseCaseBundle(JSON.parse(serializeCaseBundle(sealCaseBundle(draft(), { pii: true, secrets: [PASSWORD] }))));
    const now = new Date('2026-12-03T10:00:00.000Z');
    const d = await diagnoseCaseBundle(b, { startedAt: now, now, version: 'test' }, { name: 'ticket.json', mode: 'replay' });
    expect(d.combined).toMatchObject({ agreement: 'client-only', decidedBy: 'real-client', rootCause: 'auth-failed' });
    expect(d.report.verdict.rootCause).toBe('auth-failed');
    expect(d.report.collected?.live.status).toBe('skipped');
    expect(d.report.collected?.client.verdict?.rootCause).toBe('auth-failed');
    expect(d.report.collected?.environment.reason).toBe('not collected in this test');
  });
});
