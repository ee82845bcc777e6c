import { describe, expect, it } from 'vitest';
import { diagnosticMeaning, findDiagnostic, isClientVersionBlock, otherForbiddenCause, serverSaid } from './sip-status.js';

const diag = (code: number) => ({ code, public: false });
const warning = (code: number, text: string) => ({ code, agent: 'fe01.corp.example', text });

describe('isClientVersionBlock (the one version-policy test of check and the rules)', () => {
  it.each([
    ['403 + ms-diagnostics 17002', { status: 403, msDiagnostics: [diag(17002)] }, true],
    ['403 + ms-diagnostics 17003 (declined with URL)', { status: 403, msDiagnostics: [diag(17003)] }, true],
    ['403 + Warning 312 with a download URL', { status: 403, warnings: [warning(312, 'https://example/update.aspx')] }, true],
    ['403 + Warning 314 (check Microsoft Update)', { status: 403, warnings: [warning(314, 'Check Microsoft Update for the newest version.')] }, true],
    ["403 + Warning 310 (SIPE's example header)", { status: 403, warnings: [warning(310, 'You are currently not using the recommended version of the client')] }, true],
    ['403 + Warning 399 about the client version', { status: 403, warnings: [warning(399, 'You are currently not using the recommended version of the client')] }, true],
    ['403 + Warning 399 about something else', { status: 403, warnings: [warning(399, 'Maintenance in progress')] }, false],
    ['403 + ms-diagnostics 17005 (undocumented)', { status: 403, msDiagnostics: [diag(17005)] }, false],
    ['403 + ms-diagnostics 17000 (filter overloaded)', { status: 403, msDiagnostics: [diag(17000)] }, false],
    ['403 + remote access denied with a version-ish Warning', { status: 403, msDiagnostics: [diag(4003)], warnings: [warning(399, 'upgrade')] }, false],
    ['200 + Warning 313 (allowed with URL)', { status: 200, warnings: [warning(313, 'https://example/update.aspx')] }, false],
    ['401', { status: 401 }, false],
  ] as const)('%s → %s', (_name, answer, blocked) => {
    expect(isClientVersionBlock(answer)).toBe(blocked);
  });
});

describe('ms-diagnostics meanings', () => {
  it('names the codes sign-in depends on', () => {
    expect(diagnosticMeaning(4003)).toBe('remote-access-denied');
    expect(diagnosticMeaning(4004)).toBe('uri-not-authorized');
    expect([1003, 4005, 4006].map(diagnosticMeaning)).toEqual(['user-not-found', 'user-not-found', 'user-not-found']);
    expect(diagnosticMeaning(1013)).toBe('clock-skew');
    expect(diagnosticMeaning(12345)).toBeUndefined();
    expect(findDiagnostic([diag(1), diag(1013)], 'clock-skew')?.code).toBe(1013);
    expect(otherForbiddenCause([diag(17002), diag(4004)])?.code).toBe(4004);
  });

  it('says what the server said in one phrase', () => {
    expect(serverSaid({ status: 403, reasonPhrase: 'Forbidden', warnings: [warning(399, 'old client')], msDiagnostics: [{ code: 17002, reason: 'Invalid protocol client version.', public: false }] }))
      .toBe('403 Forbidden; Warning 399 fe01.corp.example "old client"; ms-diagnostics 17002 "Invalid protocol client version."');
    expect(serverSaid({})).toBe('no response');
  });
});
