import { describe, expect, it } from 'vitest';
import { REDACTED } from './marker.js';
import { RedactionMemo, redactSecrets, redactSecretsDeep } from './secrets.js';

describe('RedactionMemo', () => {
  const texts = [
    'Authorization: NTLM TlRMTVNTUAADAAAAGAAYAHAAAAAYABgAiAAAAA==',
    'password=hunter2&user=alice',
    'The server never answered REGISTER',
    '<wsse:BinarySecurityToken>c2VjcmV0LXRva2Vu</wsse:BinarySecurityToken>',
    '',
  ];

  it('answers what redactSecrets answers, the first time and every time after', () => {
    const memo = new RedactionMemo(2);
    for (let round = 0; round < 3; round += 1) for (const t of texts) expect(memo.redact(t)).toBe(redactSecrets(t));
    expect(memo.redact('password=hunter2')).not.toContain('hunter2');
  });

  it('texts longer than its limit are redacted, not remembered', () => {
    const long = `token=${'x1'.repeat(400)}`;
    expect(new RedactionMemo(4, 16).redact(long)).toBe(redactSecrets(long));
  });

  it('redactSecretsDeep with a memo gives the same value as without', () => {
    const report = { findings: [{ explanation: texts[1], headers: { Authorization: 'Bearer abcdefgh12345678' }, password: 'hunter2' }], counts: { 'sip.register': 3 } };
    const memo = new RedactionMemo(3);
    const once = redactSecretsDeep(report);
    expect(redactSecretsDeep(report, memo)).toEqual(once);
    expect(redactSecretsDeep(report, memo)).toEqual(once);
    expect(JSON.stringify(once)).not.toContain('hunter2');
    expect(once.findings[0]?.password).toBe(REDACTED);
  });
});
