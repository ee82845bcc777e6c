import { describe, expect, it } from "vitest";
import type { Observation } from "../../evidence/kinds.js";
import { parseLogSources } from "../index.js";

async function parse(lines: string[]): Promise<readonly Observation[]> {
  async function* gen() { let no = 0; for (const text of lines) yield { no: ++no, text }; }
  return (await parseLogSources([{ name: "t.log", lines: gen() }])).bundle.observations;
}
const data = (obs: readonly Observation[], kind: Observation["kind"]) => obs.filter((o) => o.kind === kind).map((o) => o.data);
const LOGIN = ["(00:08:07) account: Connecting to account alice@corp.example,.", "(00:08:07) connection: Connecting. gc = 0x5621c31ad630", "(00:08:07) sipe: sipe_purple_login: username 'alice@corp.example,'"];
import { netOutcome } from './transport.js';

const CONNECT = ['(00:08:07) sipe: sipe_core_connect: user specified SIP server 127.0.0.1:25079', '(00:08:07) sipe: transport_connect - hostname: 127.0.0.1 port: 25079', '(00:08:07) sipe: using SSL',
  '(00:08:07) dnsquery: Performing DNS lookup for 127.0.0.1', '(00:08:07) dnsquery: IP resolved for 127.0.0.1', '(00:08:07) proxy: Attempting connection to 127.0.0.1',
  '(00:08:07) proxy: Connecting to 127.0.0.1:25079 with no proxy', '(00:08:07) proxy: Connection in progress', '(00:08:07) proxy: Connecting to 127.0.0.1:25079.'];

describe('transport recognizer', () => {
  it('turns a refused connection into tcp.connect refused (real lines)', async () => {
    const obs = await parse([...LOGIN, ...CONNECT,
      '(00:08:07) proxy: Error connecting to 127.0.0.1:25079 (Connection refused).',
      '(00:08:07) proxy: Connection attempt failed: Connection refused',
      "(00:08:07) sipe: sip_transport_drop: '127.0.0.1:25079'(0x5621c31ae290)"]);
    expect(data(obs, 'tcp.connect')).toEqual([{ host: '127.0.0.1', port: 25079, outcome: 'refused', purpose: 'sip', error: 'Connection refused' }]);
    expect(data(obs, 'transport.event')).toEqual([
      { event: 'connect', host: '127.0.0.1', port: 25079, transport: 'tls' },
      { event: 'dropped', host: '127.0.0.1', port: 25079, transport: 'tls' },
    ]);
    expect(data(obs, 'discovery.event')[1]).toEqual({ event: 'candidate', host: '127.0.0.1', port: 25079, via: 'server-setting', transport: 'tls' });
  });

  it('records connected / disconnected for the SIP connection (real lines)', async () => {
    const obs = await parse([...LOGIN, ...CONNECT, '(00:08:00) proxy: Connected to 127.0.0.1:25079.',
      "(00:08:00) sipe: sip_transport_connected: '127.0.0.1:25079'(0x563e56e4b940)",
      '(00:08:00) sipe: Server has disconnected', '(00:08:00) sipe: Server has disconnected']);
    expect(data(obs, 'tcp.connect')).toEqual([{ host: '127.0.0.1', port: 25079, outcome: 'ok', purpose: 'sip' }]);
    expect(data(obs, 'transport.event').slice(1)).toEqual([
      { event: 'connected', host: '127.0.0.1', port: 25079, transport: 'tls' },
      { event: 'disconnected', host: '127.0.0.1', port: 25079, transport: 'tls', detail: 'Server has disconnected' },
    ]);
  });

  it('ignores proxy lines of connections SIPE did not open', async () => {
    const obs = await parse([...LOGIN, '(16:18:37) proxy: Error connecting to soft-fx.lv:5222 (Connection timed out).', '(16:18:37) proxy: Connection attempt failed: Connection timed out']);
    expect(data(obs, 'tcp.connect')).toEqual([]);
  });

  it('reports a failing HTTP proxy as proxy.event', async () => {
    const obs = await parse([...LOGIN, '(10:00:00) sipe: transport_connect - hostname: sip.corp.example port: 5061', '(10:00:00) sipe: using SSL',
      '(10:00:00) proxy: Connecting to sip.corp.example:5061 via proxy.corp.example:3128 using HTTP',
      '(10:00:01) proxy: Connection attempt failed: HTTP proxy connection error 407']);
    expect(data(obs, 'proxy.event')).toEqual([{ proxyType: 'http', host: 'proxy.corp.example', port: 3128, outcome: 'auth-required', status: 407, detail: 'HTTP proxy connection error 407' }]);
    expect(data(obs, 'tcp.connect')).toEqual([{ host: 'sip.corp.example', port: 5061, outcome: 'error', purpose: 'sip', error: 'HTTP proxy connection error 407', proxy: 'http://proxy.corp.example:3128' }]);
    const denied = await parse([...LOGIN, '(10:00:00) sipe: transport_connect - hostname: sip.corp.example port: 5061', '(10:00:00) sipe: using SSL',
      '(10:00:00) proxy: Connecting to sip.corp.example:5061 via proxy.corp.example:3128 using HTTP',
      '(10:00:01) proxy: Connection attempt failed: Access denied: HTTP proxy server forbids port 5061 tunneling']);
    expect(data(denied, 'proxy.event')[0]).toMatchObject({ outcome: 'rejected' });
  });

  it('reports a REGISTER redirect', async () => {
    const obs = await parse([...LOGIN, '(10:00:00) sipe: process_register_response: redirected to host pool02.corp.example port 5061 transport 1']);
    expect(data(obs, 'transport.event')).toEqual([{ event: 'redirected', host: 'pool02.corp.example', port: 5061, transport: 'tls' }]);
  });

  it('maps socket texts to outcomes', () => {
    expect(netOutcome('Connection timed out')).toBe('timeout');
    expect(netOutcome('No route to host')).toBe('unreachable');
    expect(netOutcome('Connection reset by peer')).toBe('reset');
  });

  it('keeps a SIP and an HTTP connection to the same host:port apart', async () => {
    const H = 'lync.corp.example';
    const obs = await parse([...LOGIN,
      `(10:00:00) sipe: sipe_core_connect: user specified SIP server ${H}:443`,
      `(10:00:00) sipe: transport_connect - hostname: ${H} port: 443`, '(10:00:00) sipe: using SSL',
      `(10:00:00) proxy: Connecting to ${H}:443 with no proxy`,
      // an HTTP connection to the same host:port starts before the SIP one is answered
      `(10:00:00) sipe: sipe_http_transport_new: new ${H}:443`,
      `(10:00:00) sipe: transport_connect - hostname: ${H} port: 443`, '(10:00:00) sipe: using SSL',
      `(10:00:00) proxy: Connecting to ${H}:443 with no proxy`,
      `(10:00:01) proxy: Connected to ${H}:443.`,
      `(10:00:01) sipe: sip_transport_connected: '${H}:443'(0x5555aaaa0001)`,
      `(10:00:01) proxy: Error connecting to ${H}:443 (Connection timed out).`,
      '(10:00:01) sipe: ',
      'MESSAGE START >>>>>>>>>> SIP(0x5555aaaa0001) - 2026-11-22T10:00:01.000000Z',
      'REGISTER sip:corp.example SIP/2.0',
      'Via: SIP/2.0/TLS 10.0.0.5:50000;branch=z9hG4bK1',
      'From: <sip:alice@corp.example>;tag=1;epid=2',
      'To: <sip:alice@corp.example>',
      'CSeq: 1 REGISTER',
      'Call-ID: abc',
      'Content-Length: 0',
      '',
      'MESSAGE END >>>>>>>>>> SIP(0x5555aaaa0001) - 2026-11-22T10:00:01.000000Z',
      // the SIP connection goes; its freed pointer comes back for an HTTP connection
      `(10:00:02) sipe: sip_transport_drop: '${H}:443'(0x5555aaaa0001)`,
      `(10:00:02) sipe: sipe_http_transport_new: new ${H}:443`,
      `(10:00:02) sipe: transport_connect - hostname: ${H} port: 443`, '(10:00:02) sipe: using SSL',
      `(10:00:02) proxy: Connecting to ${H}:443 with no proxy`,
      `(10:00:02) proxy: Connected to ${H}:443.`,
      `(10:00:02) sipe: sipe_http_transport_connected: '${H}:443'(0x5555aaaa0001)`,
      '(10:00:02) sipe: ',
      'MESSAGE START >>>>>>>>>> HTTP(0x5555aaaa0001) - 2026-11-22T10:00:02.000000Z',
      'GET /CertProv/CertProvisioningService.svc/mex HTTP/1.1',
      `Host: ${H}`,
      '',
      'MESSAGE END >>>>>>>>>> HTTP(0x5555aaaa0001) - 2026-11-22T10:00:02.000000Z',
      '(10:00:02) sipe: ',
      'MESSAGE START <<<<<<<<<< HTTP(0x5555aaaa0001) - 2026-11-22T10:00:02.100000Z',
      'HTTP/1.1 404 Not Found',
      'Content-Length: 0',
      '',
      'MESSAGE END <<<<<<<<<< HTTP(0x5555aaaa0001) - 2026-11-22T10:00:02.100000Z',
    ]);
    // first answer → the first (SIP) connect; the error → the HTTP one
    expect(data(obs, 'tcp.connect')).toEqual([
      { host: H, port: 443, outcome: 'ok', purpose: 'sip' },
      { host: H, port: 443, outcome: 'timeout', purpose: 'http', error: 'Connection timed out' },
      { host: H, port: 443, outcome: 'ok', purpose: 'http' },
    ]);
    expect(data(obs, 'transport.event').filter((e) => 'event' in e && e.event !== 'connect')).toEqual([
      { event: 'connected', host: H, port: 443, transport: 'tls' },
      { event: 'dropped', host: H, port: 443, transport: 'tls' },
    ]);
    expect(data(obs, 'sip.register')[0]).toMatchObject({ registrar: `${H}:443`, transport: 'tls' });
    expect(data(obs, 'http.exchange')).toEqual([
      expect.objectContaining({ url: `https://${H}/CertProv/CertProvisioningService.svc/mex`, status: 404, method: 'GET' }),
    ]);
  });
});

describe('connections across attempts', () => {
  it("libpurple's lines about a host:port SIPE connected to in an earlier attempt are not this attempt's connect", async () => {
    const obs = await parse([...LOGIN, ...CONNECT, '(00:08:07) proxy: Connected to 127.0.0.1:25079.',
      ...LOGIN.map((l) => l.replace('00:08:07', '00:09:00')),
      '(00:09:00) proxy: Connecting to 127.0.0.1:25079.', '(00:09:00) proxy: Connected to 127.0.0.1:25079.']);
    expect(obs.filter((o) => o.kind === 'tcp.connect').map((o) => o.attempt)).toEqual(['a1']);
  });
});
