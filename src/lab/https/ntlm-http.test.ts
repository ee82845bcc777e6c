import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { buildAuthenticateMessage, parseChallengeMessage } from '../../probes/ntlm-client.js';
import { createHttpNtlm, type DirectoryAccount } from './ntlm-http.js';

const alice: DirectoryAccount = { username: 'alice', ntDomain: 'CORP', upn: 'alice@corp.example', sipUri: 'alice@corp.example', password: 'Passw0rd!' };
const NEGOTIATE = Buffer.from('TlRMTVNTUAABAAAABYKIogAAAAAoAAAAAAAAACgAAAAFASgKAAAADw==', 'base64'); // SIPE 1.25's type 1

function req(socket: object, authorization?: string): IncomingMessage {
  return { headers: authorization ? { authorization } : {}, socket } as unknown as IncomingMessage;
}

function handshake(user: string, domain: string, password: string, scheme = 'NTLM', sockets: [object, object] = [{}, {}]) {
  const gate = createHttpNtlm({ directory: [alice], domain: 'corp.example', now: () => new Date('2026-01-01T00:00:00Z') });
  const first = gate.check(req(sockets[0], `${scheme} ${NEGOTIATE.toString('base64')}`));
  if (first.kind !== 'challenge') throw new Error('expected a challenge');
  const [hdr = ''] = first.headers;
  expect(hdr.startsWith(`${scheme} `)).toBe(true);
  const challenge = parseChallengeMessage(Buffer.from(hdr.slice(scheme.length + 1), 'base64'))!;
  expect(challenge.targetName).toBe('CORP');
  const auth = buildAuthenticateMessage({
    challenge, user, domain, password, workstation: 'VM', clientChallenge: Buffer.alloc(8, 7), randomSessionKey: Buffer.alloc(16, 3), nowMs: 0,
  });
  return gate.check(req(sockets[1], `${scheme} ${auth.message.toString('base64')}`));
}

describe('HTTP NTLM gate of the WinNegotiate web ticket endpoint', () => {
  it('offers Negotiate and NTLM to a request without credentials, and to Kerberos/SPNEGO tokens', () => {
    const gate = createHttpNtlm({ directory: [alice], domain: 'corp.example', now: () => new Date() });
    expect(gate.check(req({}))).toEqual({ kind: 'challenge', headers: ['Negotiate', 'NTLM'] });
    expect(gate.check(req({}, 'Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnagMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCg=='))).toEqual({ kind: 'challenge', headers: ['Negotiate', 'NTLM'] });
  });
  it('accepts alice as UPN with an empty domain (blank Login) and as CORP\\alice, under either scheme name', () => {
    const s = {};
    expect(handshake('alice@corp.example', '', 'Passw0rd!', 'NTLM', [s, s])).toEqual({ kind: 'ok', account: alice });
    const t = {};
    expect(handshake('alice', 'CORP', 'Passw0rd!', 'Negotiate', [t, t])).toEqual({ kind: 'ok', account: alice });
  });
  it('refuses a wrong password, an unknown user, and an AUTHENTICATE on another connection', () => {
    const s = {};
    expect(handshake('alice', 'CORP', 'wrong', 'NTLM', [s, s]).kind).toBe('challenge');
    const t = {};
    expect(handshake('mallory', 'CORP', 'Passw0rd!', 'NTLM', [t, t]).kind).toBe('challenge');
    expect(handshake('alice', 'CORP', 'Passw0rd!', 'NTLM', [{}, {}]).kind).toBe('challenge');
  });
});
