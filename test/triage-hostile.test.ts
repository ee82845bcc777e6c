/**
 * triage over what a helpdesk's directory (or a careless glob) can contain besides logs: FIFOs,
 * sockets, devices, links into /proc and /sys, symbolic link loops, broken links, unreadable
 * files. Each is listed with a reason, none is opened in a way that can block, and the batch ends.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { InputError, readLogBytes } from '../src/logs/read.js';
import { analyzeFile } from '../src/triage/analyze-file.js';
import { standardTriageDeps } from '../src/triage/deps.js';
import { discoverInputs } from '../src/triage/discover.js';
import { createFakeIo } from './helpers/fake-io.js';

const isRoot = process.getuid?.() === 0;
let dir: string;
let server: Server;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sipe-doctor-triage-hostile-'));
  mkdirSync(join(dir, 'logs'));
  copyFileSync(resolve('fixtures/logs/sample-ua-blocked-403.log'), join(dir, 'logs/ok.log'));
  expect(spawnSync('mkfifo', [join(dir, 'fifo.log')]).status).toBe(0);
  server = createServer();
  await new Promise<void>((r) => server.listen(join(dir, 'socket.log'), r));
  symlinkSync('/dev/null', join(dir, 'null.log'));
  symlinkSync('/proc/self', join(dir, 'proc-self'));
  symlinkSync('/proc/self/status', join(dir, 'status.log'));
  symlinkSync('/sys/kernel', join(dir, 'sys-kernel'));
  symlinkSync('loop-b.log', join(dir, 'loop-a.log'));
  symlinkSync('loop-a.log', join(dir, 'loop-b.log'));
  symlinkSync('..', join(dir, 'logs/up'));
  symlinkSync('nowhere.log', join(dir, 'dangling.log'));
  copyFileSync(resolve('fixtures/logs/sample-ua-blocked-403.log'), join(dir, 'locked.log'));
  chmodSync(join(dir, 'locked.log'), 0o000);
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string; ms: number }> {
  const io = createFakeIo({ cwd: dir });
  const t0 = Date.now();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err(), ms: Date.now() - t0 };
}

describe('triage of hostile directory entries', () => {
  it('discovery lists each special entry with its reason and opens none of them', async () => {
    const found = await discoverInputs(['.'], dir);
    const byName = new Map(found.map((f) => [f.display, f]));
    expect(byName.get('logs/ok.log')).toMatchObject({ kind: 'log' });
    expect(byName.get('logs/ok.log')?.skip).toBeUndefined();
    expect(byName.get('fifo.log')?.skip).toMatchObject({ reason: 'not-a-file', message: expect.stringContaining('FIFO') });
    expect(byName.get('socket.log')?.skip).toMatchObject({ reason: 'not-a-file', message: expect.stringContaining('socket') });
    expect(byName.get('null.log')?.skip).toMatchObject({ reason: 'not-a-file', message: expect.stringContaining('character device') });
    expect(byName.get('proc-self')?.skip).toMatchObject({ reason: 'not-a-file', message: expect.stringContaining('under /proc') });
    expect(byName.get('status.log')?.skip).toMatchObject({ reason: 'not-a-file', message: expect.stringContaining('under /proc') });
    expect(byName.get('sys-kernel')?.skip).toMatchObject({ reason: 'not-a-file', message: expect.stringContaining('under /sys') });
    expect(byName.get('loop-a.log')?.skip).toMatchObject({ reason: 'not-a-file', message: expect.stringContaining('symbolic link loop') });
    expect(byName.get('dangling.log')?.error).toContain('broken symbolic link');
    // the directory link back up is followed once: ok.log is listed once
    expect(found.filter((f) => f.display.endsWith('ok.log'))).toHaveLength(1);
  });

  it('the whole batch ends quickly, lists every entry with a reason and diagnoses the log', async () => {
    const r = await run(['triage', '.', '--format', 'jsonl']);
    expect(r.ms).toBeLessThan(15_000);
    const lines = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as { file: string; status?: string; skipped?: { reason: string; message: string }; verdict?: { rootCause: string } });
    const by = new Map(lines.map((l) => [l.file, l]));
    expect(by.get('logs/ok.log')?.verdict?.rootCause).toBe('client-version-blocked');
    for (const f of ['fifo.log', 'socket.log', 'null.log', 'proc-self', 'status.log', 'sys-kernel', 'loop-a.log', 'loop-b.log']) {
      expect(by.get(f)?.skipped?.reason, f).toBe('not-a-file');
    }
    expect(by.get('dangling.log')?.skipped).toMatchObject({ reason: 'unreadable', message: expect.stringContaining('broken symbolic link') });
    if (!isRoot) expect(by.get('locked.log')?.skipped).toMatchObject({ reason: 'unreadable', message: expect.stringContaining('permission denied') });
    expect(r.code).toBe(1);
  });

  it('names special files given explicitly, in the text summary too', async () => {
    const r = await run(['triage', 'fifo.log', '/proc/self/status', '/dev/zero', 'logs/ok.log', '--no-color']);
    expect(r.ms).toBeLessThan(15_000);
    expect(r.out).toMatch(/skipped: not a regular file/);
    expect(r.out).toContain('fifo.log');
    expect(r.out).toContain('/proc/self/status');
    expect(r.out).toContain('/dev/zero');
    expect(r.out).toMatch(/client-version-blocked/);
  });

  it.skipIf(isRoot)('an unreadable file is named with the reason', async () => {
    const r = await run(['triage', 'locked.log', '--no-color']);
    expect(r.out).toMatch(/unreadable/);
    expect(r.out).toContain('locked.log');
  });

  it('a regular file swapped for a FIFO after discovery is refused, not waited on', async () => {
    const swapped = join(dir, 'swapped.log');
    copyFileSync(resolve('fixtures/logs/sample-ua-blocked-403.log'), swapped);
    const [input] = await discoverInputs(['swapped.log'], dir);
    unlinkSync(swapped);
    expect(spawnSync('mkfifo', [swapped]).status).toBe(0);
    const deps = await standardTriageDeps('0.0.0-test');
    const t0 = Date.now();
    const result = await analyzeFile(input!, deps);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(result).toMatchObject({ status: 'skipped', skip: { reason: 'not-a-file', message: expect.stringContaining('FIFO') } });
  });

  it('the reader with regularOnly refuses FIFOs and devices at once (InputError)', async () => {
    const io = { stdin: Readable.from([]) };
    const drain = async (p: string): Promise<unknown> => {
      try {
        for await (const _ of readLogBytes(p, io, { regularOnly: true })) void _;
        return undefined;
      } catch (err) {
        return err;
      }
    };
    const fifo = await drain(join(dir, 'fifo.log'));
    expect(fifo).toBeInstanceOf(InputError);
    expect(String(fifo)).toContain('FIFO');
    expect(String(await drain('/dev/zero'))).toContain('character device');
  });
});
