import { describe, expect, it } from 'vitest';
import { parseSipeUserAgent, SIPE_DEFAULT_USER_AGENT, suggestUserAgent, USER_AGENTS } from './user-agents.js';

describe('User-Agent table', () => {
  it("reads SIPE's built-in User-Agent and nothing else", () => {
    expect(parseSipeUserAgent(SIPE_DEFAULT_USER_AGENT)).toEqual({ libpurpleVersion: '2.14.12', sipeVersion: '1.25.0', platform: 'linux-x86_64' });
    expect(parseSipeUserAgent('Purple/2.10.12 Sipe/1.21.0 (linux-x86_64; RTC/5.0)')).toMatchObject({ sipeVersion: '1.21.0' });
    expect(parseSipeUserAgent(USER_AGENTS[0]!.userAgent)).toBeUndefined();
  });

  it('never suggests the User-Agent that was refused', () => {
    const s = suggestUserAgent({ server: 'RTC/6.0', current: 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)' });
    expect([s.primary, ...s.alternatives].map((u) => u.userAgent)).not.toContain('UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)');
  });
});
