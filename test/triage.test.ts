/**
 * `sipe-doctor triage` end to end, in-process, with the real log reader, rules and formatters,
 * over a temporary copy of fixtures/logs plus foreign files.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { createFakeIo } from './helpers/fake-io.js';

const LOGS = resolve('fixtures/logs');
const ACCOUNTS = resolve('fixtures/accounts/ua-blocked-403.accounts.xml');
interface ManifestEntry { file: string; expectedRootCause: string | null }
const MANIFEST = (JSON.parse(readFileSync(join(LOGS, 'manifest.json'), 'utf8')) as ManifestEntry[])
  .filter((e) => readdirSync(LOGS).includes(e.file));

let dir: string;
let logsDir: string;

async function run(args: string[], opts: { cwd?: string } = {}): Promise<{ code: number; out: string; err: string }> {
  const io = createFakeIo({ cwd: opts.cwd ?? dir });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sipe-doctor-triage-'));
  logsDir = join(dir, 'logs');
  mkdirSync(join(logsDir, 'nested'), { recursive: true });
  for (const e of MANIFEST) copyFileSync(join(LOGS, e.file), join(logsDir, e.file));
  writeFileSync(join(dir, 'notes.txt'), 'Dear helpdesk,\nPidgin does not work.\n');
  writeFileSync(join(dir, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]));
  writeFileSync(join(logsDir, 'nested', 'ua.log.gz'), gzipSync(readFileSync(join(LOGS, 'sample-ua-blocked-403.log'))));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('triage', () => {
  it('groups a directory of fixture logs by root cause, matching the manifest', async () => {
    const sub = mkdtempSync(join(tmpdir(), 'sipe-doctor-triage-fixtures-'));
    for (const e of MANIFEST) copyFileSync(join(LOGS, e.file), join(sub, e.file));
    const { code, out } = await run(['triage', sub, '--format', 'json']);
    expect(code).toBe(1);
    const doc = JSON.parse(out) as { schemaVersion: number; summary: { files: number; groups: { key: string; rootCause: string | null; count: number }[] }; files: { file: string; rootCause: string | null }[] };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.summary.files).toBe(MANIFEST.length);
    const expected = new Map<string, number>();
    for (const e of MANIFEST) if (e.expectedRootCause) expected.set(e.expectedRootCause, (expected.get(e.expectedRootCause) ?? 0) + 1);
    const actual = new Map(doc.summary.groups.filter((g) => g.rootCause).map((g) => [g.key, g.count]));
    // the per-file table says which fixture disagrees when this fails
    const wrong = doc.files.filter((f) => f.rootCause !== (MANIFEST.find((e) => f.file.endsWith(`/${e.file}`))?.expectedRootCause ?? null));
    expect(wrong.map((f) => `${f.file}: ${f.rootCause}`)).toEqual([]);
    expect(actual).toEqual(expected);
    rmSync(sub, { recursive: true, force: true });
  });

  it('groups exactly as analyze diagnoses each file on its own', async () => {
    const files = MANIFEST.slice(0, 8).map((e) => `logs/${e.file}`);
    const { out } = await run(['triage', ...files, '--format', 'json', '--concurrency', '3']);
    const doc = JSON.parse(out) as { files: { file: string; rootCause: string | null }[] };
    expect(doc.files.map((f) => f.file)).toEqual(files);
    for (const f of files) {
      const one = await run(['analyze', join(dir, f), '--json']);
      const report = JSON.parse(one.out) as { verdict: { rootCause: string | null } };
      expect(doc.files.find((x) => x.file === f)?.rootCause, f).toBe(report.verdict.rootCause);
    }
  });

  it('lists foreign and binary files with their reason and keeps going', async () => {
    const { code, out } = await run(['triage', '.', '--no-color']);
    expect(code).toBe(1);
    expect(out).toMatch(/^Triage of \d+ files:/);
    expect(out).toMatch(/skipped: not a debug log\s+notes\.txt/);
    expect(out).toMatch(/skipped: binary file\s+photo\.png/);
    expect(out).toMatch(/client-version-blocked\s+logs\/nested\/ua\.log\.gz/);
    // summary first, then one line per file
    expect(out.indexOf('By root cause')).toBeLessThan(out.indexOf('\nFiles\n'));
    const fileLines = out.slice(out.indexOf('\nFiles\n')).split('\n').filter((l) => /^ {2}[✖✔!-] /.test(l));
    expect(fileLines).toHaveLength(MANIFEST.length + 3);
    // users are pseudonyms, consistent across the batch
    expect(out).not.toContain('alice@corp.example');
    expect(out).toContain('user1@domain1.example');
  });

  it('streams jsonl: one parseable line per file with file and schemaVersion', async () => {
    const { out } = await run(['triage', 'logs', 'notes.txt', '--format', 'jsonl']);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(MANIFEST.length + 2);
    for (const line of lines) {
      const obj = JSON.parse(line) as { file?: string; schemaVersion?: number };
      expect(typeof obj.file).toBe('string');
      expect(obj.schemaVersion).toBe(1);
    }
    const ua = JSON.parse(lines.find((l) => l.includes('"logs/sample-ua-blocked-403.log"'))!) as { verdict: { rootCause: string }; tool: { name: string } };
    expect(ua.verdict.rootCause).toBe('client-version-blocked');
    expect(ua.tool.name).toBe('sipe-doctor');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ file: 'notes.txt', status: 'skipped', skipped: { reason: 'not-a-debug-log' } });
  });

  it('writes csv with a header and quoted fields', async () => {
    const { out } = await run(['triage', 'logs/sample-ua-blocked-403.log', 'notes.txt', '--format', 'csv']);
    const rows = out.split('\r\n').filter(Boolean);
    expect(rows[0]).toBe('file,status,root_cause,step,confidence,outcome,user,title,summary,reason');
    expect(rows[1]).toMatch(/^logs\/sample-ua-blocked-403\.log,problem,client-version-blocked,register,confirmed,failed,user1@domain1\.example,Client version blocked by server policy,"/);
    expect(rows[2]).toMatch(/^notes\.txt,skipped,,,,,,,,"?not-a-debug-log: /);
  });

  it('reads accounts.xml files with the config reader', async () => {
    copyFileSync(ACCOUNTS, join(dir, 'accounts.xml'));
    const { out } = await run(['triage', 'accounts.xml', '--format', 'jsonl']);
    const obj = JSON.parse(out) as { file: string; run: { mode: string } };
    expect(obj.file).toBe('accounts.xml');
    expect(obj.run.mode).toBe('config');
    expect(out).not.toContain('S3cr3t-Fixture-Pw');
    rmSync(join(dir, 'accounts.xml'));
  });

  it('--reply: a reply per file with the User-Agent, no password, the user\'s real names (as analyze --reply)', async () => {
    const { out } = await run(['triage', 'logs/sample-ua-blocked-403.log', 'logs/register-ok.log', '--reply']);
    expect(out).toContain('## logs/sample-ua-blocked-403.log');
    expect(out).toMatch(/Set \*\*User Agent\*\* to: `UCCAPI\/[\d.]+ OC\/[\d.]+ \([^)]+\)`/);
    expect(out).toContain('signed in fine');
    // the reply goes to the user it is about: "Select the account alice@…", not a placeholder
    expect(out).toContain('alice@corp.example');
    expect(out).not.toContain('user1@domain1.example');
    expect(out).not.toMatch(/Pw!?\b|gssapi-data="[^<]/);
    const analyzeReply = await run(['analyze', join(dir, 'logs/sample-ua-blocked-403.log'), '--reply']);
    expect(analyzeReply.out).toContain('alice@corp.example');
  });

  it('--reply --redact-pii: placeholders; the shared summary is pseudonymized by default', async () => {
    const redacted = await run(['triage', 'logs/sample-ua-blocked-403.log', '--reply', '--redact-pii']);
    expect(redacted.out).toContain('user1@domain1.example');
    expect(redacted.out).not.toContain('alice@corp.example');
    const summary = await run(['triage', 'logs/sample-ua-blocked-403.log']);
    expect(summary.out).not.toContain('alice@corp.example');
  });

  it('exit codes: 0 when every file is fine, 2 when nothing could be read', async () => {
    expect((await run(['triage', 'logs/register-ok.log'])).code).toBe(0);
    const none = await run(['triage', 'notes.txt', 'photo.png', 'missing.log']);
    expect(none.code).toBe(2);
    expect(none.out).toMatch(/unreadable\s+missing\.log/);
    expect(none.err).toContain('could be diagnosed');
    const empty = join(dir, 'empty-dir');
    mkdirSync(empty);
    expect((await run(['triage', empty])).code).toBe(2);
  });

  it('rejects bad flags with exit 2', async () => {
    expect((await run(['triage', 'logs', '--concurrency', '0'])).code).toBe(2);
    expect((await run(['triage', 'logs', '--reply', '--format', 'csv'])).code).toBe(2);
    expect((await run(['triage', '-'])).code).toBe(2);
  });

  it('writes html and markdown to --output atomically', async () => {
    const { code, err } = await run(['triage', 'logs', '--format', 'html', '--output', 'triage.html']);
    expect(code).toBe(1);
    expect(err).toContain('written to triage.html');
    const html = readFileSync(join(dir, 'triage.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<td><code>client-version-blocked</code></td>');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const md = await run(['triage', 'logs', '--format', 'markdown']);
    expect(md.out).toMatch(/^# sipe-doctor triage/);
    expect(md.out).toContain('| `client-version-blocked` |');
  });

  it('analyze --reply prints the ticket reply; it conflicts with --json', async () => {
    const one = await run(['analyze', join(dir, 'logs/sample-ua-blocked-403.log'), '--reply']);
    expect(one.code).toBe(1);
    expect(one.out).toMatch(/^Hello,/);
    expect(one.out).toMatch(/Set \*\*User Agent\*\* to: `UCCAPI\//);
    expect((await run(['analyze', join(dir, 'logs/sample-ua-blocked-403.log'), '--reply', '--json'])).code).toBe(2);
  });
});

describe('triage HTML per file', () => {
  it('each diagnosed file folds out its evidence and steps', async () => {
    const { mkdtempSync, readFileSync, copyFileSync, mkdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { main } = await import('../src/cli/main.js');
    const { createFakeIo } = await import('./helpers/fake-io.js');
    const d = mkdtempSync(join(tmpdir(), 'sipe-triage-html-'));
    mkdirSync(join(d, 'logs'));
    for (const f of ['sample-ua-blocked-403.log', 'register-ok.log']) copyFileSync(join(import.meta.dirname, '..', 'fixtures', 'logs', f), join(d, 'logs', f));
    const io = createFakeIo({ cwd: d });
    expect(await main(['triage', 'logs', '--format', 'html', '-o', 't.html'], io)).toBe(1);
    const html = readFileSync(join(d, 't.html'), 'utf8');
    expect((html.match(/<details class="file-detail">/g) ?? []).length).toBe(2);
    expect(html).toMatch(/<summary>Evidence and steps<\/summary><h4>What to change<\/h4>/);
    expect(html).toContain('<h4>Steps of the sign-in</h4>');
  });
});
