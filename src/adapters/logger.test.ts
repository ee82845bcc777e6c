import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, levelFor, scrubDeep, scrubString } from './logger.js';

function capture(level: Parameters<typeof createLogger>[0]['level'] = 'debug') {
  const chunks: string[] = [];
  const logger = createLogger({ level, destination: { write: (s: string) => chunks.push(s) } });
  return { logger, text: () => chunks.join('') };
}

const NTLM = 'NTLM TlRMTVNTUAADAAAAGAAYAHwAAAAYABgAlAAAABIAEgBIAAAA';

describe('logger', () => {
  it('never writes passwords, Authorization headers or tokens from logged objects', () => {
    const { logger, text } = capture();
    logger.info(
      {
        password: 'hunter2-top',
        headers: { Authorization: NTLM, 'Proxy-Authorization': 'Basic YWxpY2U6aHVudGVyMg==' },
        account: { login: 'CORP\\alice', userPassword: 'pw-nested-1' },
        deep: { a: { b: { cookie: 'MSISAuth=cookie-value-1' } } },
        sip: { 'gssapi-data': 'gss-secret-1', response: 'digest-resp-1', crand: '1234abcd' },
        list: [{ token: 'token-in-array' }],
      },
      'register sent',
    );
    const out = text();
    for (const secret of ['hunter2-top', 'TlRMTVNTUAAD', 'YWxpY2U6aHVudGVyMg', 'pw-nested-1', 'cookie-value-1', 'gss-secret-1', 'digest-resp-1', '1234abcd', 'token-in-array']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('<redacted>');
    expect(out).toContain('CORP\\\\alice'); // non-secret context survives
    expect(out).toContain('register sent');
  });

  it('scrubs secrets interpolated into messages', () => {
    const { logger, text } = capture();
    logger.warn('got Authorization: %s', NTLM);
    logger.warn('line was: Cookie: MSISAuth=abc123secret');
    logger.error('password=%s', 'sekrit99');
    const out = text();
    expect(out).not.toContain('TlRMTVNTUAAD');
    expect(out).not.toContain('abc123secret');
    expect(out).not.toContain('sekrit99');
  });

  it('keeps a response object (not a digest parameter) and Error messages', () => {
    const { logger, text } = capture();
    logger.error({ response: { status: 403 }, err: new Error('boom') }, 'failed');
    const line = JSON.parse(text()) as { response: { status: number }; err: { message: string }; level: string };
    expect(line.response.status).toBe(403);
    expect(line.err.message).toBe('boom');
    expect(line.level).toBe('error');
  });

  it('defaults to warn, --verbose info, --debug debug', () => {
    expect(levelFor({})).toBe('warn');
    expect(levelFor({ verbose: true })).toBe('info');
    expect(levelFor({ verbose: true, debug: true })).toBe('debug');
    const { logger, text } = capture(levelFor({}));
    logger.info('hidden');
    logger.warn('shown');
    expect(text()).not.toContain('hidden');
    expect(text()).toContain('shown');
  });

  it('writes to --log-file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sd-log-')), 'run.log');
    const logger = createLogger({ level: 'info', destination: { file } });
    logger.info({ password: 'filepw-1' }, 'to file');
    const out = readFileSync(file, 'utf8');
    expect(out).toContain('to file');
    expect(out).not.toContain('filepw-1');
  });

  it('drops calls below its level, writes the others, and children carry their bindings (pino set up on first write)', () => {
    const { logger, text } = capture('warn');
    expect(logger.level).toBe('warn');
    expect(logger.isLevelEnabled('info')).toBe(false);
    expect(logger.isLevelEnabled('error')).toBe(true);
    logger.info('not shown');
    logger.debug({ password: 'x' }, 'not shown either');
    const child = logger.child({ component: 'check' });
    child.info('not shown');
    expect(text()).toBe('');
    child.warn({ password: 'child-pw-1' }, 'from the child');
    logger.error('from the parent');
    const lines = text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l['level'], l['msg'], l['component']])).toEqual([['warn', 'from the child', 'check'], ['error', 'from the parent', undefined]]);
    expect(text()).not.toContain('child-pw-1');
  });

  it('scrubDeep survives cycles and leaves the input untouched', () => {
    const a: Record<string, unknown> = { password: 'x' };
    a['self'] = a;
    const out = scrubDeep(a) as Record<string, unknown>;
    expect(out['password']).toBe('<redacted>');
    expect(a['password']).toBe('x');
    expect(scrubString('<saml:Assertion ID="1">secret</saml:Assertion>')).not.toContain('secret');
  });
});
