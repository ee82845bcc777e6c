import { describe, expect, it } from "vitest";
import type { Observation } from "../../evidence/kinds.js";
import { parseLogSources } from "../index.js";

async function parse(lines: string[]): Promise<readonly Observation[]> {
  async function* gen() { let no = 0; for (const text of lines) yield { no: ++no, text }; }
  return (await parseLogSources([{ name: "t.log", lines: gen() }])).bundle.observations;
}
const data = (obs: readonly Observation[], kind: Observation["kind"]) => obs.filter((o) => o.kind === kind).map((o) => o.data);
const LOGIN = ["(00:08:07) account: Connecting to account alice@corp.example,.", "(00:08:07) connection: Connecting. gc = 0x5621c31ad630", "(00:08:07) sipe: sipe_purple_login: username 'alice@corp.example,'"];

const UP = [...LOGIN, '(00:08:26) sipe: transport_connect - hostname: 127.0.0.1 port: 25082', '(00:08:26) sipe: using SSL', '(00:08:26) proxy: Connecting to 127.0.0.1:25082 with no proxy', '(00:08:26) proxy: Connected to 127.0.0.1:25082.'];

describe('tls recognizer', () => {
  it('reads the NSS handshake and a trusted certificate (real lines)', async () => {
    const obs = await parse([...UP,
      '(00:08:26) nss: SSL version 3.4 using 256-bit AES-GCM with 128-bit AEAD MAC', 'Server Auth: 2048-bit TLS 1.3, Key Exchange: 255-bit TLS 1.3, Compression: NULL', 'Cipher Suite Name: TLS_AES_256_GCM_SHA384',
      '(00:08:26) nss: subject=CN=sip.corp.example issuer=CN=sip.corp.example',
      '(00:08:26) certificate/x509/tls_cached: Starting verify for 127.0.0.1',
      '(00:08:26) certificate/x509/tls_cached: Peer cert matched cached',
      '(00:08:26) certificate: Successfully verified certificate for 127.0.0.1']);
    expect(data(obs, 'tls.handshake')).toEqual([{ host: '127.0.0.1', port: 25082, outcome: 'ok', purpose: 'sip', protocol: 'TLS 1.3', cipher: 'TLS_AES_256_GCM_SHA384' }]);
    expect(data(obs, 'tls.certificate')).toEqual([{ host: '127.0.0.1', port: 25082, subject: 'CN=sip.corp.example', issuer: 'CN=sip.corp.example', selfSigned: true, trusted: true, hostnameMatch: true, timeValid: true }]);
  });

  it('reads an untrusted issuer (real lines)', async () => {
    const obs = await parse([...UP,
      '(00:08:26) nss: subject=CN=sip.corp.example issuer=CN=sip.corp.example',
      '(00:08:26) certificate/x509/tls_cached: Starting verify for 127.0.0.1',
      '(00:08:26) certificate/x509/tls_cached: ...Not in cache',
      '(00:08:27) nss: CERT 1. CN=sip.corp.example [Certificate Authority]:',
      '(00:08:27) nss:   ERROR -8172: SEC_ERROR_UNTRUSTED_ISSUER']);
    expect(data(obs, 'tls.certificate')[0]).toMatchObject({ trusted: false, errors: ['SEC_ERROR_UNTRUSTED_ISSUER'], selfSigned: true });
  });

  it('reads a failed handshake (real line) and a name mismatch', async () => {
    const obs = await parse([...UP, '(00:08:19) nss: Handshake failed  (-5938)']);
    expect(data(obs, 'tls.handshake')).toEqual([{ host: '127.0.0.1', port: 25082, purpose: 'sip', outcome: 'failed', error: 'PR_END_OF_FILE_ERROR (-5938)' }]);
    const mm = await parse([...UP, '(00:08:26) nss: subject=CN=other.example issuer=CN=CA', '(00:08:26) certificate/x509/tls_cached: Starting verify for 127.0.0.1',
      '(00:08:26) certificate/x509/tls_cached: Name mismatch: Certificate given for 127.0.0.1 has a name of other.example']);
    expect(data(mm, 'tls.certificate')[0]).toMatchObject({ hostnameMatch: false, selfSigned: false });
  });

  it('reports a handshake that never finished (port accepts and stays silent)', async () => {
    const obs = await parse([...UP]);
    expect(data(obs, 'tls.handshake')).toEqual([{ host: '127.0.0.1', port: 25082, purpose: 'sip', outcome: 'timeout', error: 'no TLS handshake result before the log ends' }]);
  });

  it('reads GnuTLS handshake lines', async () => {
    const ok = await parse([...UP, '(10:00:00) gnutls: Handshake complete']);
    expect(data(ok, 'tls.handshake')).toEqual([{ host: '127.0.0.1', port: 25082, outcome: 'ok', purpose: 'sip' }]);
    const bad = await parse([...UP, '(10:00:00) gnutls: Handshake failed. Error The TLS connection was non-properly terminated.']);
    expect(data(bad, 'tls.handshake')).toEqual([{ host: '127.0.0.1', port: 25082, purpose: 'sip', outcome: 'failed', error: 'The TLS connection was non-properly terminated.' }]);
  });

  it('ignores TLS lines of connections that are not SIPE’s', async () => {
    expect(await parse(['(17:36:20) account: Connecting to account bob@hotmail.example.',
      '(17:36:26) nss: subject=CN=nexus.passport.com issuer=CN=VeriSign', '(17:36:26) certificate/x509/tls_cached: Starting verify for nexus.passport.com'])).toEqual([]);
  });

  it('reads the TLS lines of a fragment (a pasted tail without the sign-in start): the verifier names the host', async () => {
    const obs = await parse(['(10:15:02) certificate/x509/tls_cached: Starting verify for sip.corp.example',
      '(10:15:02) nss: CERT 1. CN=sip.corp.example [Certificate Authority]:', '(10:15:02) nss:   ERROR -8181: SEC_ERROR_EXPIRED_CERTIFICATE',
      '(10:15:02) certificate: Failed to verify certificate for sip.corp.example']);
    expect(data(obs, 'tls.certificate')).toEqual([{ host: 'sip.corp.example', errors: ['SEC_ERROR_EXPIRED_CERTIFICATE', 'verification failed'], timeValid: false }]);
  });

  it('reads an NSS name mismatch (real 1.25 lines, fixtures/lab/tls-hostname-mismatch.log)', async () => {
    const obs = await parse([...UP,
      '(01:13:18) nss: SSL version 3.4 using 256-bit AES-GCM with 128-bit AEAD MAC',
      '(01:13:18) nss: subject=O=sipe-doctor lab,CN=www.unrelated-site.example issuer=O=sipe-doctor lab,CN=sipe-doctor Lab Root CA',
      '(01:13:18) nss: partial certificate chain',
      '(01:13:18) certificate/x509/tls_cached: Starting verify for 127.0.0.1',
      '(01:13:18) certificate/x509/tls_cached: ...Not in cache',
      '(01:13:18) nss: Trusting O=sipe-doctor lab,CN=sipe-doctor Lab Root CA',
      '(01:13:18) certificate/x509/ca: Lazy init completed.',
      '(01:13:18) nss: subject name not verified']);
    expect(data(obs, 'tls.certificate')).toEqual([{
      host: '127.0.0.1', port: 25082, subject: 'O=sipe-doctor lab,CN=www.unrelated-site.example', issuer: 'O=sipe-doctor lab,CN=sipe-doctor Lab Root CA',
      selfSigned: false, hostnameMatch: false, errors: ['subject name not verified'],
    }]);
  });
});
