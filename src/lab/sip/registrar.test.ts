import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { headerValue, parseSipMessage } from '../../protocol/sip/parse.js';
import type { SipMessage } from '../../protocol/sip/types.js';
import { parseAuthParams } from '../../protocol/sip/challenges.js';
import { createSipFramer } from '../../protocol/sip/framer.js';
import { buildAuthenticateMessage, decodeAvPairs, ntlmMac, ntlmSessionKeys, ntlmV2Response } from './ntlm.js';
import { rc4 } from '../../protocol/ntlm/index.js';
import { startSipRegistrar, type SipRegistrar } from './registrar.js';
import { SIGNATURE_SEQ_NUM } from './security.js';
import { signatureString } from './signature.js';
import type { SipRegistrarOptions } from './types.js';

const FQDN = 'fe01.corp.example';
const base: SipRegistrarOptions = {
  host: '127.0.0.1', tcp: {}, domain: 'corp.example', serverFqdn: FQDN,
  users: [{ sipUri: 'sip:alice@corp.example', ntDomain: 'CORP', username: 'alice', password: 'Passw0rd!' }],
  authSchemes: ['NTLM'], serverHeader: 'RTC/6.0.9319.0', behaviour: { kind: 'normal' },
};

let running: SipRegistrar | undefined;
afterEach(async () => { await running?.stop(); running = undefined; });

/** a minimal SIP client on one TCP connection */
async function connect(port: number): Promise<{ send(t: string): void; next(ms?: number): Promise<SipMessage | 'closed' | 'timeout'>; sock: net.Socket }> {
  const sock = net.connect(port, '127.0.0.1');
  await new Promise<void>((r, j) => { sock.once('connect', () => r()); sock.once('error', j); });
  const framer = createSipFramer(1 << 20);
  const queue: (SipMessage | 'closed')[] = [];
  let wake: (() => void) | undefined;
  sock.on('data', (d: Buffer) => {
    for (const f of framer.push(d)) if (f.kind === 'message') { const m = parseSipMessage(f.text); if (m) queue.push(m); }
    wake?.();
  });
  sock.on('close', () => { queue.push('closed'); wake?.(); });
  sock.on('error', () => undefined);
  return {
    sock,
    send: (t) => sock.write(t),
    next: (ms = 2000) => new Promise((resolve) => {
      const take = (): boolean => { const m = queue.shift(); if (m) { resolve(m); return true; } return false; };
      if (take()) return;
      const t = setTimeout(() => { wake = undefined; resolve('timeout'); }, ms);
      wake = () => { if (take()) { clearTimeout(t); wake = undefined; } };
    }),
  };
}

let cseq = 0;
function register(auth?: string, ua = 'Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)'): string {
  cseq++;
  return [
    'REGISTER sip:corp.example SIP/2.0', 'Via: SIP/2.0/tcp 127.0.0.1:5555;branch=z9hG4bK1',
    'From: <sip:alice@corp.example>;tag=111;epid=a92c7be9925a', 'To: <sip:alice@corp.example>', 'Max-Forwards: 70',
    `CSeq: ${cseq} REGISTER`, `User-Agent: ${ua}`, 'Call-ID: callid-1',
    'Contact: <sip:127.0.0.1:5555;transport=tcp;ms-opaque=d3470f2e1d>;proxy=replace;+sip.instance="<urn:uuid:409f4bd1-9ebe-5313-bdcc-d7dbb9b04874>"',
    'Content-Length: 0', ...(auth ? [`Authorization: ${auth}`] : []), '', '',
  ].join('\r\n');
}

const response = (m: SipMessage | 'closed' | 'timeout'): SipMessage => {
  if (typeof m === 'string') throw new Error(`expected a response, got ${m}`);
  return m;
};

/** the three-leg connection-less NTLM handshake as SIPE does it; returns the final response and the keys */
async function handshake(c: Awaited<ReturnType<typeof connect>>, password: string) {
  c.send(register());
  const r1 = response(await c.next());
  expect(r1.status).toBe(401);
  expect(headerValue(r1, 'WWW-Authenticate')).toBe(`NTLM realm="SIP Communications Service", targetname="${FQDN}", version=3`);
  c.send(register(`NTLM qop="auth", realm="SIP Communications Service", targetname="${FQDN}", gssapi-data="", version=3`));
  const r2 = response(await c.next());
  expect(r2.status).toBe(401);
  const ch = parseAuthParams(headerValue(r2, 'WWW-Authenticate') ?? '')!.params;
  const type2 = Buffer.from(ch['gssapi-data'] ?? '', 'base64');
  const serverChallenge = type2.subarray(24, 32);
  const targetInfo = type2.subarray(type2.readUInt32LE(44), type2.readUInt32LE(44) + type2.readUInt16LE(40));
  expect(decodeAvPairs(targetInfo)?.some((p) => p.id === 7)).toBe(true);
  const v2 = ntlmV2Response({ password, user: 'alice', domain: 'CORP', serverChallenge, clientChallenge: Buffer.alloc(8, 7), time: Buffer.alloc(8), targetInfo });
  const sessionKey = Buffer.alloc(16, 0x42);
  const flags = 0x62988255;
  const type3 = buildAuthenticateMessage({
    flags, lmResponse: v2.lmResponse, ntResponse: v2.ntResponse, domain: 'CORP', user: 'alice', workstation: 'VM',
    encryptedSessionKey: rc4(v2.sessionBaseKey, sessionKey),
  });
  c.send(register(`NTLM qop="auth", opaque="${ch['opaque'] ?? ''}", realm="SIP Communications Service", targetname="${FQDN}", gssapi-data="${type3.toString('base64')}", version=3`));
  return { final: response(await c.next()), keys: ntlmSessionKeys(sessionKey, flags), opaque: ch['opaque'] ?? '' };
}

function checkRspauth(msg: SipMessage, keys: ReturnType<typeof ntlmSessionKeys>): void {
  const info = parseAuthParams(headerValue(msg, 'Authentication-Info') ?? '')!.params;
  const text = signatureString(msg, { scheme: 'NTLM', rand: info['srand'] ?? '', num: info['snum'] ?? '', realm: 'SIP Communications Service', targetname: FQDN });
  const mac = ntlmMac({ signKey: keys.serverSign, sealKey: keys.serverSeal, seqNum: SIGNATURE_SEQ_NUM, message: Buffer.from(text), keyExch: true });
  expect(info['rspauth']).toBe(mac.toString('hex'));
}

describe('registrar over TCP', () => {
  it('challenges, verifies NTLMv2 and answers a signed 200 OK like a front end', async () => {
    running = await startSipRegistrar(base);
    const c = await connect(running.tcpPort!);
    c.send('\r\n\r\n'); // keep-alive before anything else is ignored
    const { final, keys } = await handshake(c, 'Passw0rd!');
    expect(final.status).toBe(200);
    expect(headerValue(final, 'Expires')).toBe('7200');
    expect(headerValue(final, 'Server')).toBe('RTC/6.0.9319.0');
    expect(headerValue(final, 'ms-keep-alive')).toMatch(/timeout=300/);
    expect(headerValue(final, 'Contact')).toMatch(/\+sip\.instance="<urn:uuid:409f4bd1-[^"]*>";gruu="sip:alice@corp\.example;opaque=user:epid:/);
    checkRspauth(final, keys);
    expect(running.events().map((e) => e.line)).toContain('ntlm: verified alice');
    c.sock.destroy();
  });

  it('a wrong password gets 401 again', async () => {
    running = await startSipRegistrar(base);
    const c = await connect(running.tcpPort!);
    const { final } = await handshake(c, 'wrong');
    expect(final.status).toBe(401);
    expect(headerValue(final, 'Authentication-Info')).toBeUndefined();
    expect(running.events().map((e) => e.line)).toContain('auth: ntlm: wrong-password');
    c.sock.destroy();
  });

  it('blocks an unknown User-Agent before authentication, lets a Lync one through', async () => {
    running = await startSipRegistrar({
      ...base,
      clientVersion: { allowedUserAgents: ['^UCCAPI/'], warningCode: 399, warningText: 'You are currently not using the recommended version of the client', diagnosticsCode: 17002 },
    });
    const c = await connect(running.tcpPort!);
    c.send(register());
    const r = response(await c.next());
    expect(r.status).toBe(403);
    expect(headerValue(r, 'Warning')).toBe(`399 ${FQDN} "You are currently not using the recommended version of the client"`);
    expect(headerValue(r, 'ms-diagnostics')).toBe(`17002;reason="Invalid protocol client version.";source="${FQDN}"`);
    c.send(register(undefined, 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)'));
    expect(response(await c.next()).status).toBe(401);
    c.sock.destroy();
  });

  it('reject after auth is signed and carries ms-diagnostics with source', async () => {
    running = await startSipRegistrar({
      ...base,
      behaviour: { kind: 'reject', status: 404, reason: 'Not Found', stage: 'after-auth', msDiagnostics: '4005;reason="Destination URI either not enabled for SIP or does not exist."' },
    });
    const c = await connect(running.tcpPort!);
    const { final, keys } = await handshake(c, 'Passw0rd!');
    expect(final.status).toBe(404);
    expect(headerValue(final, 'ms-diagnostics')).toBe(`4005;reason="Destination URI either not enabled for SIP or does not exist.";source="${FQDN}"`);
    checkRspauth(final, keys);
    c.sock.destroy();
  });

  it('deregister: a signed NOTIFY registration-notify follows the 200', async () => {
    running = await startSipRegistrar({ ...base, behaviour: { kind: 'deregister', afterMs: 50, event: 'unregistered' } });
    const c = await connect(running.tcpPort!);
    const { final, keys } = await handshake(c, 'Passw0rd!');
    expect(final.status).toBe(200);
    const n = response(await c.next());
    expect(n.method).toBe('NOTIFY');
    expect(headerValue(n, 'Event')).toBe('registration-notify');
    expect(n.body).toBe('deregistered;event=unregistered');
    checkRspauth(n, keys);
    c.sock.destroy();
  });

  it('silent never answers; close closes after reading REGISTER', async () => {
    running = await startSipRegistrar({ ...base, behaviour: { kind: 'silent' } });
    let c = await connect(running.tcpPort!);
    c.send(register());
    expect(await c.next(300)).toBe('timeout');
    c.sock.destroy();
    await running.stop();
    running = await startSipRegistrar({ ...base, behaviour: { kind: 'close' } });
    c = await connect(running.tcpPort!);
    c.send(register());
    expect(await c.next()).toBe('closed');
  });

  it('malformed input gets 400 or a close, oversized input a close, and the registrar keeps serving', async () => {
    running = await startSipRegistrar({ ...base, limits: { maxMessageBytes: 4096, maxConnections: 2 } });
    let c = await connect(running.tcpPort!);
    c.send('REGISTER sip:x SIP/2.0\r\nVia: SIP/2.0/tcp 1.2.3.4\r\nContent-Length: abc\r\n\r\n');
    const bad = response(await c.next());
    expect(bad.status).toBe(400);
    expect(await c.next()).toBe('closed');
    c = await connect(running.tcpPort!);
    c.send('X'.repeat(5000));
    expect(await c.next()).toBe('closed');
    c = await connect(running.tcpPort!);
    c.send('\x00\x01garbage\r\n\r\n');
    expect(await c.next()).toBe('closed');
    c = await connect(running.tcpPort!);
    c.send(register());
    expect(response(await c.next()).status).toBe(401);
  });

  it('refuses connections beyond maxConnections', async () => {
    running = await startSipRegistrar({ ...base, limits: { maxConnections: 1 } });
    const a = await connect(running.tcpPort!);
    const b = await connect(running.tcpPort!);
    expect(await b.next()).toBe('closed');
    a.send(register());
    expect(response(await a.next()).status).toBe(401);
    a.sock.destroy();
  });
});

describe('framing', () => {
  it('splits pipelined messages, waits for the body, skips keep-alives', () => {
    const f = createSipFramer(1000);
    const msg = 'NOTIFY sip:a SIP/2.0\r\nContent-Length: 5\r\n\r\nhello';
    const out = f.push(Buffer.from(`\r\n\r\n${msg}${msg.slice(0, 30)}`));
    expect(out).toEqual([{ kind: 'message', text: msg }]);
    expect(f.push(Buffer.from(msg.slice(30)))).toEqual([{ kind: 'message', text: msg }]);
    expect(f.push(Buffer.from('\r\n'))).toEqual([]);
  });
});
