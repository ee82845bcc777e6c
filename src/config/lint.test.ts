import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stampDrafts } from '../evidence/bundle.js';
import { diagnose } from '../pipeline/diagnose.js';
import { readAccountsEvidence } from './evidence.js';
import { nodeAccountsFs, type AccountsFs } from './fs-io.js';

/** The whole catalog over each accounts fixture: the root causes the settings alone reveal. */
const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/accounts/${name}`, import.meta.url));
const ownerOnly: AccountsFs = { ...nodeAccountsFs, platform: 'linux', stat: async (p) => ({ ...(await nodeAccountsFs.stat(p)), mode: 0o100600 }) };

async function rootCauses(name: string, opts: { account?: string; fs?: AccountsFs } = {}): Promise<string[]> {
  const drafts = await readAccountsEvidence(fixture(name), opts.fs ?? ownerOnly, opts.account ? { account: opts.account } : {});
  const bundle = { schemaVersion: 1 as const, mode: 'config' as const, observations: stampDrafts(drafts, { type: 'config', file: name }), probeErrors: [] };
  const now = new Date('2025-01-01T00:00:00Z');
  const report = diagnose(bundle, { now, startedAt: now.toISOString(), durationMs: 0, version: 'test', mode: 'config', inputs: [name] });
  expect(report.ruleErrors).toEqual([]);
  return [...new Set(report.findings.map((f) => f.rootCause))].sort();
}

describe('accounts fixtures through the rules catalog', () => {
  it('recorded invalid Username → invalid-username', async () => {
    expect(await rootCauses('recorded-invalid-username.accounts.xml')).toContain('invalid-username');
  });
  it('Office 365 with NTLM → auth-scheme-mismatch', async () => {
    expect(await rootCauses('office365-ntlm.accounts.xml')).toContain('auth-scheme-mismatch');
  });
  it('retired SfBO server → sfb-online-retired', async () => {
    expect(await rootCauses('retired-sfbo.accounts.xml')).toContain('sfb-online-retired');
  });
  it('SSO with the NTLM code default → kerberos-failed', async () => {
    expect(await rootCauses('missing-authentication.accounts.xml')).toContain('kerberos-failed');
  });
  it('Kerberos with a bare Login and no password → kerberos-failed and password-missing', async () => {
    expect(await rootCauses('multi-account.accounts.xml', { account: 'alice@partner.example' })).toEqual(expect.arrayContaining(['kerberos-failed', 'password-missing']));
  });
  it('a world-readable file with a password → insecure-password-storage', async () => {
    const wide: AccountsFs = { ...ownerOnly, stat: async (p) => ({ ...(await nodeAccountsFs.stat(p)), mode: 0o100644 }) };
    expect(await rootCauses('multi-account.accounts.xml', { account: 'alice@corp.example', fs: wide })).toEqual(['insecure-password-storage']);
    expect(await rootCauses('multi-account.accounts.xml', { account: 'alice@corp.example' })).toEqual([]);
  });
  it('the libpurple sample → client-version-blocked from its stored error', async () => {
    expect(await rootCauses('ua-blocked-403.accounts.xml')).toContain('client-version-blocked');
  });
});
