import { describe, expect, it } from "vitest";
import type { Observation } from "../../evidence/kinds.js";
import { parseLogSources } from "../index.js";

async function parse(lines: string[]): Promise<readonly Observation[]> {
  async function* gen() { let no = 0; for (const text of lines) yield { no: ++no, text }; }
  return (await parseLogSources([{ name: "t.log", lines: gen() }])).bundle.observations;
}
const data = (obs: readonly Observation[], kind: Observation["kind"]) => obs.filter((o) => o.kind === kind).map((o) => o.data);
const LOGIN = ["(00:08:07) account: Connecting to account alice@corp.example,.", "(00:08:07) connection: Connecting. gc = 0x5621c31ad630", "(00:08:07) sipe: sipe_purple_login: username 'alice@corp.example,'"];
import { registerOutcome } from './sip.js';

const CONNECTED = [...LOGIN, '(23:38:56) sipe: transport_connect - hostname: 127.0.0.1 port: 5062', '(23:38:56) sipe: using SSL',
  "(23:38:56) sipe: sip_transport_connected: '127.0.0.1:5062'(0x55f39099c520)"];
const SENT = ['(23:38:56) sipe: scheduling action <transaction timeout><A99FgA4C4a957Bi4E2Fm3536t4DA7b7E30x9A7Ex><1 REGISTER> timeout 60 seconds',
  '(23:38:56) sipe: ', 'MESSAGE START >>>>>>>>>> SIP(0x55f39099c520) - 2026-11-21T23:38:56.879554Z', 'REGISTER sip:corp.example SIP/2.0',
  'Via: SIP/2.0/tls 127.0.0.1:53912;branch=z9hG4bK9608A43FB954247D8688', 'From: <sip:alice@corp.example>;tag=310812175;epid=a92c7be9925a',
  'To: <sip:alice@corp.example>', 'CSeq: 1 REGISTER', 'User-Agent: Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)', 'Content-Length: 0', '', '',
  'MESSAGE END >>>>>>>>>> SIP(0x55f39099c520) - 2026-11-21T23:38:56.879554Z'];
const RECEIVED_403 = ['(23:38:56) sipe: ', 'MESSAGE START <<<<<<<<<< SIP(0x55f39099c520) - 2026-11-21T23:38:56.880953Z', 'SIP/2.0 403 Forbidden',
  'ms-diagnostics: 17002;reason="Invalid protocol client version.";source="fe01.corp.example"', 'CSeq: 1 REGISTER',
  'Warning: 399 fe01.corp.example "You are currently not using the recommended version of the client"', 'Content-Length: 0', '', '',
  'MESSAGE END <<<<<<<<<< SIP(0x55f39099c520) - 2026-11-21T23:38:56.880953Z',
  '(23:38:56) sipe: process_input_message: msg->response(403),msg->method(REGISTER)'];

describe('SIP REGISTER recognizer', () => {
  it('pairs the dumped REGISTER with its 403 (real sample lines)', async () => {
    const obs = await parse([...CONNECTED, ...SENT, ...RECEIVED_403]);
    const regs = obs.filter((o) => o.kind === 'sip.register');
    expect(regs).toHaveLength(1);
    expect(regs[0]?.data).toEqual({
      outcome: 'rejected', registrar: '127.0.0.1:5062', transport: 'tls', requestUri: 'sip:corp.example', fromUri: 'sip:alice@corp.example',
      userAgent: 'Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)', status: 403, reasonPhrase: 'Forbidden',
      msDiagnostics: [{ code: 17002, public: false, reason: 'Invalid protocol client version.', source: 'fe01.corp.example' }],
      warnings: [{ code: 399, agent: 'fe01.corp.example', text: 'You are currently not using the recommended version of the client' }],
    });
    expect(regs[0]?.source).toEqual({ type: 'log', file: 't.log', lines: [7, 29] });
  });

  it('uses process_input_message when only the short dump form is logged', async () => {
    const obs = await parse([...CONNECTED, SENT[0] as string, '(23:38:56) sipe: MESSAGE >>>>>>>>>> SIP(0x55f39099c520)',
      '(23:38:56) sipe: MESSAGE <<<<<<<<<< SIP(0x55f39099c520)', '(23:38:56) sipe: process_input_message: msg->response(404),msg->method(REGISTER)']);
    expect(data(obs, 'sip.register')).toEqual([{ outcome: 'rejected', registrar: '127.0.0.1:5062', transport: 'tls', status: 404 }]);
  });

  it('marks an unanswered REGISTER no-response, or closed when the server hung up', async () => {
    expect(data(await parse([...CONNECTED, ...SENT]), 'sip.register')[0]).toMatchObject({ outcome: 'no-response' });
    const closed = await parse([...CONNECTED, ...SENT, '(00:08:00) sipe: Server has disconnected',
      '(00:08:00) connection: Connection error on 0x5621c31ad630 (reason: 0 description: Server has disconnected)']);
    expect(data(closed, 'sip.register')[0]).toMatchObject({ outcome: 'closed' });
  });

  it('notes register_response_timeout as no answer', async () => {
    const obs = await parse([...CONNECTED, '(10:00:00) sipe: register_response_timeout: no answer to attempt 2, retrying']);
    expect(data(obs, 'sip.register')).toEqual([{ outcome: 'no-response', registrar: '127.0.0.1:5062', transport: 'tls' }]);
  });

  it('reads a server-side de-registration NOTIFY into session.ended', async () => {
    const obs = await parse([...CONNECTED, '(11:00:00) sipe: ', 'MESSAGE START <<<<<<<<<< SIP(0x55f39099c520) - 2026-11-21T23:40:00.000000Z',
      'NOTIFY sip:127.0.0.1:53912;transport=tls SIP/2.0', 'Event: registration-notify', 'ms-diagnostics: 4140;reason="User disabled";source="fe01.corp.example"',
      'CSeq: 5 NOTIFY', 'Content-Type: text/registration-event', 'Content-Length: 30', '', 'deregistered;event=rejected', '',
      'MESSAGE END <<<<<<<<<< SIP(0x55f39099c520) - 2026-11-21T23:40:00.000000Z']);
    expect(data(obs, 'session.ended')).toEqual([{ event: 'rejected', reason: 'User disabled', msDiagnostics: [{ code: 4140, public: false, reason: 'User disabled', source: 'fe01.corp.example' }] }]);
  });

  it('reads SIPE\'s own deregistration line once: alone without bodies, after the NOTIFY dump not again', async () => {
    const line = '(11:00:00) sipe: sipe_process_registration_notify: deregistration received.';
    const bare = await parse([...CONNECTED, '(11:00:00) sipe: process_incoming_notify: subscription_state: terminated;expires=0', line,
      '(11:00:00) connection: Connection error on 0x5589e38e4cf0 (reason: 1 description: Vous avez été rejeté par le serveur : Utilisateur désactivé)']);
    expect(data(bare, 'session.ended')).toEqual([{}]);
    const dumped = await parse([...CONNECTED, '(11:00:00) sipe: ', 'MESSAGE START <<<<<<<<<< SIP(0x55f39099c520) - 2026-11-21T23:40:00.000000Z',
      'NOTIFY sip:127.0.0.1:53912;transport=tls SIP/2.0', 'Event: registration-notify', 'CSeq: 5 NOTIFY', 'Content-Type: text/registration-event',
      'Content-Length: 30', '', 'deregistered;event=rejected', '', 'MESSAGE END <<<<<<<<<< SIP(0x55f39099c520) - 2026-11-21T23:40:00.000000Z', line]);
    expect(data(dumped, 'session.ended')).toEqual([{ event: 'rejected' }]);
  });

  it('maps status codes to outcomes', () => {
    expect([200, 401, 301, 403, 500].map(registerOutcome)).toEqual(['registered', 'challenged', 'redirected', 'rejected', 'rejected']);
  });
});
