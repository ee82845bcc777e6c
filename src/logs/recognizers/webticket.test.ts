import { describe, expect, it } from "vitest";
import type { Observation } from "../../evidence/kinds.js";
import { parseLogSources } from "../index.js";

async function parse(lines: string[]): Promise<readonly Observation[]> {
  async function* gen() { let no = 0; for (const text of lines) yield { no: ++no, text }; }
  return (await parseLogSources([{ name: "t.log", lines: gen() }])).bundle.observations;
}
const data = (obs: readonly Observation[], kind: Observation["kind"]) => obs.filter((o) => o.kind === kind).map((o) => o.data);
const LOGIN = ["(00:08:07) account: Connecting to account alice@corp.example,.", "(00:08:07) connection: Connecting. gc = 0x5621c31ad630", "(00:08:07) sipe: sipe_purple_login: username 'alice@corp.example,'"];
import { httpPurpose } from './webticket.js';

describe('web ticket recognizer', () => {
  it('reads SIPE web-ticket lines: https code, ADFS/MFA, certificate issued', async () => {
    const obs = await parse([...LOGIN,
      '(09:30:01) sipe: initialize_auth_context: TLS-DSK Certificate Provisioning URI https://webdir0e-ext.online.lync.com:443/CertProv/CertProvisioningService.svc',
      "(09:30:01) sipe: sipe_http_parse_uri: host 'login.microsoftonline.com' port 443 path 'getuserrealm.srf?login=carol@corp.example&xml=1'",
      '(09:30:01) sipe: realminfo: data for user carol@corp.example retrieved successfully',
      "(09:30:01) sipe: sipe_http_parse_uri: host 'login.microsoftonline.com' port 443 path 'RST2.srf'",
      '(09:30:02) sipe: sipe_svc_https_response: code 0',
      '(09:30:02) sipe: webticket_token: ADFS authentication failed - assuming Multi-Factor Authentication (MFA)',
      '(09:30:03) sipe: certprov_webticket: got ticket for https://webdir0e-ext.online.lync.com:443/CertProv/CertProvisioningService.svc',
      "(09:30:04) sipe: get_and_publish_cert: certificate for target 'sipfe.online.lync.com' added"]);
    expect(data(obs, 'http.exchange')).toEqual([
      { url: 'https://login.microsoftonline.com/getuserrealm.srf', purpose: 'realm', outcome: 'ok' },
      { url: 'https://login.microsoftonline.com/RST2.srf', purpose: 'rst2', outcome: 'error' },
    ]);
    expect(JSON.stringify(obs.filter((o) => o.kind === 'http.exchange'))).not.toContain('carol');
    expect(data(obs, 'webticket.result')).toEqual([
      { stage: 'webticket', outcome: 'failed', mfaSuspected: true, detail: 'ADFS authentication failed - assuming Multi-Factor Authentication (MFA)' },
      { stage: 'webticket', url: 'https://webdir0e-ext.online.lync.com:443/CertProv/CertProvisioningService.svc', outcome: 'issued' },
      { stage: 'certificate', outcome: 'issued', detail: "certificate for target 'sipfe.online.lync.com'", url: 'https://webdir0e-ext.online.lync.com:443/CertProv/CertProvisioningService.svc' },
    ]);
  });

  it('turns an HTTP dump pair with a SOAP fault into http.exchange fault, once', async () => {
    const obs = await parse([...LOGIN,
      '(09:30:03) sipe: ', 'MESSAGE START >>>>>>>>>> HTTP - 2017-02-01T08:30:03.000001Z', 'POST /WebTicket/WebTicketService.svc/WsFedBearer HTTP/1.1',
      'Host: webdir0e-ext.online.lync.com', 'Content-Length: 10', '', '<x/>', 'MESSAGE END >>>>>>>>>> HTTP - 2017-02-01T08:30:03.000001Z',
      '(09:30:03) sipe: ', 'MESSAGE START <<<<<<<<<< HTTP - 2017-02-01T08:30:03.500001Z', 'HTTP/1.1 500 Internal Server Error',
      'X-Ms-diagnostics: 28020;source="webdir0e-ext.online.lync.com";reason="Web ticket request error - SIP URI mismatch"', '',
      '<s:Envelope><s:Body><s:Fault><s:Reason><s:Text xml:lang="en-US">Web ticket request error - SIP URI mismatch</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>',
      'MESSAGE END <<<<<<<<<< HTTP - 2017-02-01T08:30:03.500001Z',
      '(09:30:03) sipe: sipe_svc_https_response: code 500']);
    expect(data(obs, 'http.exchange')).toEqual([{
      url: 'https://webdir0e-ext.online.lync.com/WebTicket/WebTicketService.svc/WsFedBearer', purpose: 'webticket', outcome: 'fault', method: 'POST', status: 500,
      fault: 'Web ticket request error - SIP URI mismatch',
      msDiagnostics: [{ code: 28020, public: false, source: 'webdir0e-ext.online.lync.com', reason: 'Web ticket request error - SIP URI mismatch' }],
    }]);
  });

  it('turns an autodiscover HTTP answer into autodiscover.response', async () => {
    const obs = await parse([...LOGIN,
      '(10:00:00) sipe: ', 'MESSAGE START >>>>>>>>>> HTTP(0x1) - 2026-01-01T00:00:00Z', 'GET /?sipuri=alice@corp.example HTTP/1.1', 'Host: LyncDiscover.corp.example', '', 'MESSAGE END >>>>>>>>>> HTTP(0x1) - 2026-01-01T00:00:00Z',
      '(10:00:00) sipe: ', 'MESSAGE START <<<<<<<<<< HTTP(0x1) - 2026-01-01T00:00:01Z', 'HTTP/1.1 200 OK', 'Content-Type: text/html', '', '<html>captive portal</html>', 'MESSAGE END <<<<<<<<<< HTTP(0x1) - 2026-01-01T00:00:01Z']);
    expect(data(obs, 'autodiscover.response')).toEqual([{
      url: 'https://LyncDiscover.corp.example/?sipuri=alice@corp.example', status: 200, outcome: 'unusable', contentType: 'text/html',
      problem: expect.stringContaining('HTML page'),
    }]);
  });

  it('classifies URLs by purpose', () => {
    expect(httpPurpose('https://login.microsoftonline.com/getuserrealm.srf?login=a@b&xml=1')).toBe('realm');
    expect(httpPurpose('https://pool/CertProv/CertProvisioningService.svc/mex')).toBe('webticket-metadata');
  });

  describe('an XML answer SIPE did not parse (Debian 12 libxml2)', () => {
    const fileObs = async (file: string): Promise<readonly Observation[]> => {
      const { readLogLines } = await import('../read.js');
      return (await parseLogSources([{ name: file, lines: readLogLines(file, { stdin: process.stdin }) }])).bundle.observations;
    };

    it('flags the 200 /mex answer followed by the failure without `retrieved successfully` (real recording)', async () => {
      const obs = await fileObs('fixtures/logs/debian12-libxml2-webticket.log');
      const ex = data(obs, 'http.exchange');
      expect(ex).toEqual([expect.objectContaining({
        url: 'https://lyncweb.corp.example/CertProv/CertProvisioningService.svc/mex', purpose: 'webticket-metadata', status: 200, outcome: 'ok', parseFailed: true,
      })]);
      expect(data(obs, 'client.error')).toEqual([expect.objectContaining({ reason: 2, description: expect.stringMatching(/^Web ticket request to .* failed$/) })]);
    });

    it('does not flag answers SIPE confirmed, nor a 200 fault it parsed (shimmed recordings)', async () => {
      for (const f of ['fixtures/lab/webticket-failed.log', 'fixtures/lab/mfa-required.log', 'fixtures/lab/certificate-provisioning-failed.log', 'fixtures/logs/legacy-1.21-webticket-sip-uri-mismatch.log']) {
        const ex = data(await fileObs(f), 'http.exchange');
        expect(ex.length, f).toBeGreaterThan(0);
        expect(ex.filter((e) => 'parseFailed' in e), f).toEqual([]);
      }
    });

    it('works from SIPE lines alone (no dumps) and for realm discovery', async () => {
      const obs = await parse([...LOGIN,
        "(10:00:00) sipe: sipe_http_parse_uri: host 'lyncweb.corp.example' port 443 path 'CertProv/CertProvisioningService.svc/mex'",
        '(10:00:00) sipe: sipe_svc_https_response: code 200',
        "(10:00:00) sipe: sipe_http_parse_uri: host 'login.microsoftonline.com' port 443 path 'getuserrealm.srf?login=alice@corp.example&xml=1'",
        '(10:00:00) sipe: sipe_svc_https_response: code 200',
        '(10:00:00) sipe: sipe_schedule_remove: action name=<+http-timeout>',
      ]);
      expect(data(obs, 'http.exchange')).toEqual([
        { url: 'https://lyncweb.corp.example/CertProv/CertProvisioningService.svc/mex', purpose: 'webticket-metadata', outcome: 'ok', status: 200, parseFailed: true },
        { url: 'https://login.microsoftonline.com/getuserrealm.srf', purpose: 'realm', outcome: 'ok', status: 200, parseFailed: true },
      ]);
    });
  });
});

describe('web-ticket exchanges across attempts', () => {
  it("a response dump of an earlier attempt is never taken for this attempt's `code 200`", async () => {
    const mex = "sipe_http_parse_uri: host 'lyncweb.corp.example' port 443 path 'WebTicket/WebTicketService.svc/mex'";
    const obs = await parse([...LOGIN,
      `(07:00:00) sipe: ${mex}`,
      '(07:00:00) sipe: ', 'MESSAGE START <<<<<<<<<< HTTP(0x1) - 2026-01-01T07:00:00Z', 'HTTP/1.1 200 OK', 'Content-Type: text/xml', '', '<x/>', 'MESSAGE END <<<<<<<<<< HTTP(0x1) - 2026-01-01T07:00:00Z',
      ...LOGIN.map((l) => l.replace('00:08:07', '07:05:00')),
      `(07:05:00) sipe: ${mex}`,
      '(07:05:01) sipe: sipe_svc_https_response: code 200',
      '(07:05:01) sipe: webticket_metadata: metadata for service https://lyncweb.corp.example/WebTicket/WebTicketService.svc/mex retrieved successfully',
    ]);
    const second = obs.filter((o) => o.kind === 'http.exchange' && o.attempt === 'a2');
    // the answer is the `code 200` line of the second attempt, confirmed by the line after it
    expect(second.map((o) => ({ lines: o.source.type === 'log' ? o.source.lines : undefined, data: o.data }))).toEqual([
      { lines: [16, 16], data: { url: 'https://lyncweb.corp.example/WebTicket/WebTicketService.svc/mex', purpose: 'webticket-metadata', outcome: 'ok', status: 200 } },
    ]);
  });
});
