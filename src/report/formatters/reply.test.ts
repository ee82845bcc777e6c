import { describe, expect, it } from 'vitest';
import { blockedReport } from '../../../test/cli-fixtures.js';
import type { Report } from '../types.js';
import { formatReply, pidginSteps } from './reply.js';

const OPTS = { color: false, verbose: false };
const UA = 'UCCAPI/16.0.4351.1000 OC/16.0.4351.1000 (Skype for Business)';

describe('reply formatter', () => {
  it('tells a user with a blocked client version exactly where to type which User Agent', () => {
    const text = formatReply(blockedReport(), OPTS);
    expect(text).toContain('**What is wrong:**');
    expect(text).toContain(`Set **User Agent** to: \`${UA}\``);
    const steps = text.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(steps.slice(0, 5)).toEqual([
      '1. Open **Accounts → Manage Accounts**.',
      expect.stringContaining('Select the account **alice@corp.example** and click **Modify…**'),
      '3. Open the **Advanced** tab.',
      `4. Set **User Agent** to: \`${UA}\``,
      '5. Click **Save**.',
    ]);
    // the admin alternative is in its own part
    expect(text).toContain('### For your IT team');
    expect(text.indexOf('Set-CsClientVersionPolicyRule')).toBeGreaterThan(text.indexOf('### For your IT team'));
  });

  it('escalates server-side causes to the IT team and asks the user to change nothing', () => {
    const base = blockedReport();
    const f = base.findings[0]!;
    const r: Report = {
      ...base,
      verdict: { ...base.verdict, rootCause: 'user-not-sip-enabled' },
      findings: [{ ...f, rootCause: 'user-not-sip-enabled', remediation: { summary: 'Enable the user for Lync.', steps: ['Run Enable-CsUser.'], audience: 'admin', adminActions: ['Enable-CsUser -Identity "alice@corp.example"'] } }],
    };
    const text = formatReply(r, OPTS);
    expect(text).toContain('there is nothing to change in your Pidgin settings');
    expect(text).toContain('### For your IT team');
    expect(text).toContain('Enable-CsUser -Identity');
    expect(text).not.toContain('Manage Accounts');
  });

  it('says "signed in fine" when nothing is wrong', () => {
    const base = blockedReport();
    const r: Report = { ...base, verdict: { rootCause: null, step: null, confidence: null, summary: 'Signed in.', outcome: 'signed-in' }, findings: [] };
    expect(formatReply(r, OPTS)).toContain('signed in fine');
  });

  it('never lets a secret through, even if a producer did', () => {
    const base = blockedReport();
    const f = base.findings[0]!;
    const r: Report = {
      ...base,
      findings: [{ ...f, explanation: 'Server said WWW-Authenticate: NTLM gssapi-data="TlRMTVNTUAACAAAADAAMADgAAAA", Proxy-Authorization: Basic dXNlcjpTM2NyM3Q=' }],
    };
    const text = formatReply(r, OPTS);
    expect(text).not.toContain('TlRMTVNTUAACAAAADAAMADgAAAA');
    expect(text).not.toContain('dXNlcjpTM2NyM3Q=');
  });

  it('clears empty fields and names drop-down choices', () => {
    const steps = pidginSteps(
      [
        { field: 'Login', key: 'login', value: '', tab: 'Basic' },
        { field: 'Authentication scheme', key: 'authentication', value: 'tls-dsk', tab: 'Advanced', choice: 'TLS-DSK' },
      ],
      undefined,
    );
    expect(steps).toContain('Clear the **Login** field (leave it empty).');
    expect(steps).toContain('Set **Authentication scheme** to **TLS-DSK**.');
    expect(steps.indexOf('Open the **Basic** tab.')).toBeLessThan(steps.indexOf('Open the **Advanced** tab.'));
  });
});
