import { describe, expect, it } from "vitest";
import type { Observation } from "../../evidence/kinds.js";
import { parseLogSources } from "../index.js";

async function parse(lines: string[]): Promise<readonly Observation[]> {
  async function* gen() { let no = 0; for (const text of lines) yield { no: ++no, text }; }
  return (await parseLogSources([{ name: "t.log", lines: gen() }])).bundle.observations;
}
const data = (obs: readonly Observation[], kind: Observation["kind"]) => obs.filter((o) => o.kind === kind).map((o) => o.data);
const LOGIN = ["(00:08:07) account: Connecting to account alice@corp.example,.", "(00:08:07) connection: Connecting. gc = 0x5621c31ad630", "(00:08:07) sipe: sipe_purple_login: username 'alice@corp.example,'"];

describe('auth recognizer', () => {
  it('reads what the server offers and the NTLM failure (real lines)', async () => {
    const obs = await parse([...LOGIN,
      "(00:08:00) sipe: sipmsg_find_auth_header: 'NTLM' not found",
      '(00:07:28) sipe: process_register_response: Auth header: NTLM opaque="4F3A1C2B", gssapi-data="TlRMTVNTUAACAAAACAAIADgAAABVgoni", targetname="fe01.corp.example", realm="SIP Communications Service", version=4',
      '(00:07:28) sipe: sip_sec_ntlm_gen_authenticate: received incompatible NTLM NegotiateFlags, exiting.',
      '(00:07:28) sipe: initialize_auth_context: security context continuation failed',
      '(00:07:28) sipe: process_register_response: authentication handshake failed - giving up.']);
    const d = data(obs, 'auth.event');
    expect(d).toEqual([
      { event: 'scheme-not-offered', scheme: 'ntlm', protocol: 'sip' },
      { event: 'challenge', scheme: 'ntlm', detail: 'NTLM targetname="fe01.corp.example", realm="SIP Communications Service", version="4"', protocol: 'sip' },
      { event: 'context-failed', scheme: 'ntlm', detail: 'received incompatible NTLM NegotiateFlags, exiting.' },
      { event: 'context-failed', scheme: 'ntlm', detail: 'security context continuation failed', protocol: 'sip' },
      { event: 'handshake-failed', scheme: 'ntlm', detail: 'giving up', protocol: 'sip' },
    ]);
    expect(JSON.stringify(obs)).not.toMatch(/TlRMTVNT|4F3A1C2B/);
  });

  it('reads GSSAPI errors and spots clock skew', async () => {
    const obs = await parse([...LOGIN, '(09:00:00) sipe: sip_sec_create_context: type: 3, Single Sign-On: yes, protocol: SIP',
      '(09:00:00) sipe: sip_sec_gssapi: GSSAPI error in gss_init_sec_context (Mech): Clock skew too great',
      '(09:00:00) sipe: process_register_response: no more authentication schemes to try']);
    expect(data(obs, 'auth.event')).toEqual([
      { event: 'gssapi-error', scheme: 'kerberos', detail: 'gss_init_sec_context (Mech): Clock skew too great', protocol: 'sip' },
      { event: 'clock-skew', scheme: 'kerberos', detail: 'gss_init_sec_context (Mech): Clock skew too great', protocol: 'sip' },
      { event: 'no-more-schemes', scheme: 'kerberos', protocol: 'sip' },
    ]);
    expect(data(obs, 'client.account')[0]).toMatchObject({ sso: true });
  });

  it('reads success and missing credentials', async () => {
    const obs = await parse([...LOGIN, '(00:07:49) sipe: sip_sec_acquire_cred__ntlm: no valid authentication information provided',
      '(00:07:49) sipe: process_register_response: authentication handshake completed successfully']);
    expect(obs.filter((o) => o.kind === 'auth.event').map((o) => o.kind === 'auth.event' && o.data.event)).toEqual(['no-credentials', 'completed']);
  });

  it('tags HTTP Negotiate failures that fell back to NTLM as recovered (real 1.25 lines, web ticket)', async () => {
    const obs = await parse([...LOGIN,
      '(00:37:35) sipe: sip_sec_create_context: type: 5, Single Sign-On: no, protocol: SIP',
      '(00:37:36) sipe: sip_sec_create_context: type: 4, Single Sign-On: no, protocol: HTTP',
      '(00:37:36) sipe: sip_sec_acquire_cred__negotiate: entering',
      "(00:37:36) sipe: sip_sec_acquire_cred__gssapi: username 'alice@CORP.EXAMPLE'",
      '(00:37:36) sipe: sip_sec_gssapi: GSSAPI error in gss_acquire_cred_with_password (Mech): Cannot find KDC for realm "CORP.EXAMPLE"',
      '(00:37:36) sipe: sip_sec_acquire_cred__gssapi: failed to acquire credentials (ret=458752)',
      '(00:37:36) sipe: sip_sec_acquire_cred__negotiate: fallback to NTLM',
      '(00:37:37) sipe: sip_sec_create_context: type: 4, Single Sign-On: no, protocol: HTTP',
      '(00:37:37) sipe: sip_sec_gssapi: GSSAPI error in gss_acquire_cred_with_password (Mech): Cannot find KDC for realm "CORP.EXAMPLE"',
      '(00:37:38) sipe: process_register_response: authentication handshake failed - giving up.']);
    expect(data(obs, 'auth.event')).toEqual([
      { event: 'gssapi-error', scheme: 'kerberos', detail: 'gss_acquire_cred_with_password (Mech): Cannot find KDC for realm "CORP.EXAMPLE"', protocol: 'http', recovered: true },
      { event: 'gssapi-error', scheme: 'kerberos', detail: 'failed to acquire credentials (ret=458752)', protocol: 'http', recovered: true },
      // a second HTTP context without the fallback line: not recovered
      { event: 'gssapi-error', scheme: 'kerberos', detail: 'gss_acquire_cred_with_password (Mech): Cannot find KDC for realm "CORP.EXAMPLE"', protocol: 'http' },
      // the HTTP context did not change the SIP scheme (TLS-DSK)
      { event: 'handshake-failed', scheme: 'tls-dsk', detail: 'giving up', protocol: 'sip' },
    ]);
  });
});
