import { describe, expect, it } from 'vitest';
import type { Observation } from '../../evidence/kinds.js';
import { parseLogSources } from '../index.js';
import { splitAccountName, userAgentFacts } from './account.js';

async function parse(lines: string[]): Promise<readonly Observation[]> {
  async function* gen() { let no = 0; for (const text of lines) yield { no: ++no, text }; }
  return (await parseLogSources([{ name: 't.log', lines: gen() }])).bundle.observations;
}

describe('account recognizer', () => {
  it('builds one client.account per attempt from the real 1.25 lines', async () => {
    const obs = await parse([
      '(23:38:56) account: Connecting to account alice@corp.example,CORP\\alice.',
      '(23:38:56) connection: Connecting. gc = 0x55f39099b8e0',
      "(23:38:56) sipe: sipe_purple_login: username 'alice@corp.example,CORP\\alice'",
      '(23:38:56) sipe: sipe_core_allocate: SIPE version 1.25.0 (Kerberos 5 & NTLM / D-Bus / Voice & Video / SRTP / Lync FT / Application Sharing - full)',
      "(23:38:56) sipe: sipe_core_allocate: signin_name 'alice@corp.example'",
      "(23:38:56) sipe: sipe_core_allocate: user 'alice' domain 'corp.example'",
      '(23:38:56) sipe: sipe_core_connect: user specified SIP server 127.0.0.1:5062',
      '(23:38:56) sipe: sip_sec_create_context: type: 2, Single Sign-On: no, protocol: SIP',
    ]);
    const acc = obs.filter((o) => o.kind === 'client.account');
    expect(acc).toHaveLength(1);
    expect(acc[0]).toMatchObject({
      attempt: 'a1',
      at: 'T23:38:56',
      source: { type: 'log', file: 't.log', lines: [3, 8] },
      data: {
        signinName: 'alice@corp.example', login: 'CORP\\alice', domain: 'corp.example', sipeVersion: '1.25.0',
        buildOptions: 'Kerberos 5 & NTLM / D-Bus / Voice & Video / SRTP / Lync FT / Application Sharing - full',
        server: '127.0.0.1:5062', sso: false,
      },
    });
  });

  it('reads the 1.18 version line and the ≤1.10 login line', async () => {
    const obs = await parse([
      "(14:02:01) sipe: sipe_login: username 'bob@corp.example'",
      "(14:02:01) sipe: sipe_core_allocate: SIPE version 1.18.0 signin_name 'bob@corp.example'",
    ]);
    expect(obs[0]).toMatchObject({ kind: 'client.account', data: { signinName: 'bob@corp.example', login: '', sipeVersion: '1.18.0' } });
  });

  it('splits Username,Login and derives the domain', () => {
    expect(splitAccountName('alice@Corp.Example,alice@upn,x')).toEqual({ signinName: 'alice@Corp.Example', login: 'alice@upn,x', domain: 'corp.example' });
    expect(splitAccountName('nodomain')).toEqual({ signinName: 'nodomain', login: '' });
  });

  it('reads versions and platform from the built-in User-Agent, and flags a custom one', () => {
    expect(userAgentFacts('Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)')).toEqual({
      userAgent: '', userAgentSent: 'Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)', libpurpleVersion: '2.14.12', sipeVersion: '1.25.0', platform: 'linux-x86_64',
    });
    expect(userAgentFacts('Purple/2.10.9 Sipe/1.18.0 (linux-x86_64; RTC/6.0)')).toMatchObject({ sipeVersion: '1.18.0', platform: 'linux-x86_64' });
    const lync = 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)';
    expect(userAgentFacts(lync)).toEqual({ userAgent: lync, userAgentSent: lync });
  });
});
