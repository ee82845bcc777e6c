import { describe, expect, it } from 'vitest';
import type { ClientRunOptions } from '../client/runner.js';
import { CAPTURE_UNTIL, finchCapture, runEnded } from './real-client.js';

const account = { username: 'alice@corp.example', login: 'CORP\\alice', server: 'sip.corp.example:443', transport: 'tls' as const, authentication: 'kerberos' as const, userAgent: '' };

describe('finchCapture', () => {
  it('hands the runner the account, the accepted certificates and the deadline; reports how the run ended', async () => {
    const seen: ClientRunOptions[] = [];
    const capture = finchCapture({
      missing: () => undefined,
      run: async (o) => {
        seen.push(o);
        return { log: Buffer.from('(10:00:00) sipe: sipe_core_allocate: SIPE version 1.25.0\n(10:00:01) connection: Connection error on 0x1 (reason: 2 description: Authentication failed)\n'), accountsXml: '', stoppedBy: 'until', durationMs: 1234, command: [] };
      },
    });
    const r = await capture.capture({ account, password: 'pw', deadline: new Date(Date.now() + 20_000), trustedPeers: [{ host: '127.0.0.1', pem: 'PEM' }] });
    expect(r).toMatchObject({ status: 'captured', ended: 'connection-error', durationMs: 1234, client: 'finch (headless), pidgin-sipe 1.25.0' });
    expect(seen[0]).toMatchObject({
      account: { user: 'alice@corp.example', login: 'CORP\\alice', password: 'pw', server: 'sip.corp.example:443', transport: 'tls', auth: 'krb5' },
      trust: [{ host: '127.0.0.1', pem: 'PEM' }],
      bodies: true,
      until: CAPTURE_UNTIL,
    });
    expect(seen[0]!.deadlineMs).toBeGreaterThan(15_000);
    expect(seen[0]!.deadlineMs).toBeLessThanOrEqual(20_000);
  });

  it('no client here, or a runner that cannot start: not available, with the reason', async () => {
    const none = finchCapture({ missing: () => 'real SIPE client not available (missing: finch)' });
    expect(await none.unavailable()).toMatch(/missing: finch/);
    expect(await none.capture({ account, password: 'pw', deadline: new Date() })).toEqual({ status: 'not-available', reason: 'real SIPE client not available (missing: finch)' });
    const broken = finchCapture({ missing: () => undefined, run: async () => { throw new Error('tmux new-session failed'); } });
    expect(await broken.capture({ account, password: 'pw', deadline: new Date() })).toEqual({ status: 'not-available', reason: 'the client could not be started: tmux new-session failed' });
  });

  it.each([
    ['authentication handshake completed successfully', 'until', 'signed-in'],
    ['Connection error on 0x1 (reason: 0 description: SSL Connection Failed)', 'until', 'connection-error'],
    ['certificate: Failed to verify certificate for 127.0.0.1', 'until', 'certificate-prompt'],
    ['sipe: still waiting', 'deadline', 'deadline'],
    ['', 'exited', 'connection-error'],
  ] as const)('%s (%s) → %s', (log, stoppedBy, ended) => {
    expect(runEnded({ stoppedBy }, log)).toBe(ended);
  });
});
