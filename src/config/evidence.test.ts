import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AccountsFileError, readAccountsEvidence } from './evidence.js';
import { nodeAccountsFs, type AccountsFs } from './fs-io.js';

const path = (name: string): string => fileURLToPath(new URL(`../../fixtures/accounts/${name}`, import.meta.url));
const withMode = (mode: number): AccountsFs => ({ ...nodeAccountsFs, platform: 'linux', stat: async (p) => ({ ...(await nodeAccountsFs.stat(p)), mode: 0o100000 | mode }) });

describe('readAccountsEvidence', () => {
  it('produces client.account and client.error from the libpurple sample', async () => {
    const drafts = await readAccountsEvidence(path('ua-blocked-403.accounts.xml'), withMode(0o644));
    expect(drafts).toEqual([
      {
        kind: 'client.account',
        source: { type: 'config', file: path('ua-blocked-403.accounts.xml'), account: 'alice@corp.example' },
        data: {
          signinName: 'alice@corp.example', login: '', domain: 'corp.example', server: '127.0.0.1:5062', transport: 'tls',
          authentication: 'ntlm', authenticationDefaulted: true, userAgent: '', sso: false, hasPassword: true, fileMode: 0o644,
        },
      },
      {
        kind: 'client.error',
        source: { type: 'config', file: path('ua-blocked-403.accounts.xml'), account: 'alice@corp.example' },
        data: {
          reason: 7,
          description: 'You have been rejected by the server: You are currently not using the recommended version of the client',
          english: 'You have been rejected by the server: You are currently not using the recommended version of the client',
          detail: 'You are currently not using the recommended version of the client',
        },
      },
    ]);
    expect(JSON.stringify(drafts)).not.toContain('Passw0rd!');
  });

  it('leaves english undefined for a description that is no SIPE text (translated)', async () => {
    const fs: AccountsFs = {
      ...nodeAccountsFs,
      stat: async () => ({ size: 10, mode: 0o100600, uid: 0, gid: 0 }),
      readFile: async () => Buffer.from(`<account version='1.0'><account><protocol>prpl-sipe</protocol><name>a@b.example,</name>
<current_error><type>2</type><description>Authentifizierung fehlgeschlagen</description></current_error></account></account>`),
    };
    const drafts = await readAccountsEvidence('/x/accounts.xml', fs);
    const err = drafts.find((d) => d.kind === 'client.error');
    expect(err?.data).toEqual({ reason: 2, description: 'Authentifizierung fehlgeschlagen' });
    const acct = drafts.find((d) => d.kind === 'client.account');
    expect(acct?.data).not.toHaveProperty('fileMode'); // no password stored
  });

  it('omits the file mode on Windows and filters by --account', async () => {
    const drafts = await readAccountsEvidence(path('multi-account.accounts.xml'), nodeAccountsFs, { platform: 'win32', account: 'ALICE@corp.example' });
    expect(drafts).toHaveLength(1);
    expect(drafts[0]?.data).not.toHaveProperty('fileMode');
    expect(drafts[0]?.data).toMatchObject({ signinName: 'alice@corp.example', login: 'CORP\\alice' });
  });

  it('throws AccountsFileError for a malformed file', async () => {
    await expect(readAccountsEvidence(path('malformed-truncated.accounts.xml'))).rejects.toBeInstanceOf(AccountsFileError);
  });

  it('throws AccountsFileError for invalid UTF-8', async () => {
    const fs: AccountsFs = { ...nodeAccountsFs, stat: async () => ({ size: 3, mode: 0o600, uid: 0, gid: 0 }), readFile: async () => Uint8Array.from([0x3c, 0xff, 0x3e]) };
    await expect(readAccountsEvidence('/x', fs)).rejects.toMatchObject({ reason: 'encoding' });
  });
});
