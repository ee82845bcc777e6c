import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConcurrentChangeError, FileWriteError, nodeAtomicFs, openAtomicFile, removeStaleTemps, writeFileAtomic, type AtomicFs, type WriteStep,
} from './atomic-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sipe-doctor-atomic-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const OLD = Buffer.from('old complete version\n');
const NEW = Buffer.from('new complete version\n');

/** The real fs with one operation replaced. */
function faultyFs(over: Partial<AtomicFs>): AtomicFs {
  return { ...nodeAtomicFs, ...over };
}
const errno = (code: string): Error => Object.assign(new Error(`${code}: injected`), { code });

describe('writeFileAtomic', () => {
  it('replaces the file, keeps the mode and leaves no temp file', async () => {
    const path = join(dir, 'accounts.xml');
    writeFileSync(path, OLD);
    chmodSync(path, 0o640);
    await writeFileAtomic(path, NEW, { mode: 0o640, expectBytes: OLD });
    expect(readFileSync(path)).toEqual(NEW);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['accounts.xml']);
  });

  it('the temporary copy is owner-only while it is being written, whatever the final mode', async () => {
    const path = join(dir, 'report.txt');
    let seen = -1;
    await writeFileAtomic(path, NEW, {
      mode: 0o644,
      fs: faultyFs({
        async writeNewFile(p, data) {
          await nodeAtomicFs.writeNewFile(p, data);
          seen = statSync(p).mode & 0o777;
        },
      }),
    });
    expect(seen).toBe(0o600);
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });

  const steps: WriteStep[] = ['temp-written', 'verified', 'renamed', 'dir-synced'];
  for (const step of steps) {
    it(`a fault after '${step}' leaves the old or the new complete file, and no temp file`, async () => {
      const path = join(dir, 'accounts.xml');
      writeFileSync(path, OLD);
      const fault = new Error(`injected after ${step}`);
      await expect(writeFileAtomic(path, NEW, { mode: 0o600, afterStep: (s) => { if (s === step) throw fault; } })).rejects.toBe(fault);
      const now = readFileSync(path);
      expect(now.equals(step === 'temp-written' || step === 'verified' ? OLD : NEW)).toBe(true);
      expect(readdirSync(dir)).toEqual(['accounts.xml']);
    });
  }

  it('refuses when the file changed since it was read', async () => {
    const path = join(dir, 'accounts.xml');
    writeFileSync(path, Buffer.from('pidgin wrote this meanwhile\n'));
    await expect(writeFileAtomic(path, NEW, { mode: 0o600, expectBytes: OLD })).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(readFileSync(path, 'utf8')).toBe('pidgin wrote this meanwhile\n');
    expect(readdirSync(dir)).toEqual(['accounts.xml']);
  });

  it('a full disk (ENOSPC half-way through the temp file, injected) names the disk, keeps the file, leaves no temp', async () => {
    const path = join(dir, 'accounts.xml');
    writeFileSync(path, OLD);
    const fs = faultyFs({
      async writeNewFile(p, data) {
        writeFileSync(p, data.subarray(0, 3), { mode: 0o600 });
        throw errno('ENOSPC');
      },
    });
    const err = await writeFileAtomic(path, NEW, { mode: 0o600, fs }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileWriteError);
    expect((err as FileWriteError).code).toBe('ENOSPC');
    expect((err as Error).message).toBe(`cannot write ${path}: the disk holding ${dir} is full (no space left on device); the file was not changed — free some space and run again`);
    expect(readFileSync(path)).toEqual(OLD);
    expect(readdirSync(dir)).toEqual(['accounts.xml']);
  });

  it.each([
    ['EACCES', 'writeNewFile', /permission denied: you may not create files in /],
    ['EPERM', 'setModeAndOwner', /operation not permitted: changing the owner or mode of a file in .* needs the file's owner or root/],
    ['EROFS', 'writeNewFile', /is on a read-only file system/],
    ['EDQUOT', 'writeNewFile', /disk quota/],
  ] as const)('%s in %s is named exactly and leaves no temp file', async (code, op, message) => {
    const path = join(dir, 'accounts.xml');
    writeFileSync(path, OLD);
    // setModeAndOwner (chown/chmod) fails on an already written temp: it must be removed too
    const fs = faultyFs({ [op]: async () => { throw errno(code); } } as Partial<AtomicFs>);
    const err = await writeFileAtomic(path, NEW, { mode: 0o600, uid: 4242, gid: 4242, fs }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileWriteError);
    expect((err as Error).message).toMatch(message);
    expect(readFileSync(path)).toEqual(OLD);
    expect(readdirSync(dir)).toEqual(['accounts.xml']);
  });

  it('a stream (triage output) is renamed into place on commit and leaves nothing on abort', async () => {
    const path = join(dir, 'triage.html');
    const a = await openAtomicFile(path);
    await a.write('<html>');
    await a.commit();
    expect(readFileSync(path, 'utf8')).toBe('<html>');
    const b = await openAtomicFile(join(dir, 'other.txt'));
    await b.write('x');
    await b.abort();
    expect(readdirSync(dir)).toEqual(['triage.html']);
  });
});

describe('removeStaleTemps', () => {
  it('removes temps of dead processes and old ones, keeps a live fresh one and other files', async () => {
    const dead = '.accounts.xml.sipe-doctor-999999-dead0.tmp';
    const live = `.accounts.xml.sipe-doctor-${process.ppid}-live0.tmp`;
    const old = `.accounts.xml.sipe-doctor-${process.ppid}-old00.tmp`;
    for (const f of [dead, live, old, 'accounts.xml', '.accounts.xml.swp']) writeFileSync(join(dir, f), '<password>pw</password>');
    const now = Date.now();
    const fs = faultyFs({ mtimeMs: async (p) => (p.endsWith(old) ? now - 120_000 : now) });
    const removed = await removeStaleTemps(dir, { fs });
    expect(removed.sort()).toEqual([dead, old].sort());
    expect(readdirSync(dir).sort()).toEqual(['.accounts.xml.swp', 'accounts.xml', live].sort());
  });
});

/** The writer, transpiled for a plain node child process (no build needed). */
function compileWriter(lib: string): void {
  mkdirSync(lib, { recursive: true });
  writeFileSync(join(lib, 'package.json'), '{"type":"module"}');
  const src = readFileSync(new URL('./atomic-file.ts', import.meta.url), 'utf8');
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  writeFileSync(join(lib, 'atomic-file.js'), js);
}

const PASSWORD = 'Kx7-kill9-secret-pw';
const accountsXml = (n: number): string =>
  `<?xml version='1.0' encoding='UTF-8' ?>\n<account version='1.0'>\n\t<account>\n\t\t<protocol>prpl-sipe</protocol>\n\t\t<name>alice@corp.example,</name>\n` +
  `\t\t<password>${PASSWORD}</password>\n\t\t<settings ui='gtk-gaim'><setting name='useragent' type='string'>UA ${n}</setting></settings>\n` +
  `\t\t<pad>${'x'.repeat(96 * 1024)}</pad>\n\t</account>\n</account>\n`;

/** Files other than the target itself that hold the password (temp copies). */
function passwordCopies(data: string): string[] {
  return readdirSync(data).filter((f) => f !== 'accounts.xml' && readFileSync(join(data, f), 'utf8').includes(PASSWORD));
}

describe('SIGKILL inside the write window (real child processes)', () => {
  it('the file is always one complete version, and no copy holding the password outlives the next invocation', async () => {
    const lib = join(dir, 'lib');
    compileWriter(lib);
    const data = join(dir, 'data');
    mkdirSync(data);
    const target = join(data, 'accounts.xml');
    writeFileSync(target, accountsXml(0), { mode: 0o600 });
    // mode 'window': stop inside the window (temp written, not renamed) and wait to be killed;
    // mode 'loop': write again and again and be killed at a random instant
    writeFileSync(join(lib, 'writer.js'), `
      import { writeFileAtomic } from './atomic-file.js';
      const [target, mode, start] = process.argv.slice(2);
      const xml = ${accountsXml.toString().replace(/PASSWORD/g, JSON.stringify(PASSWORD))};
      let n = Number(start);
      process.stdout.write('ready\\n');
      for (;;) {
        n += 1;
        await writeFileAtomic(target, Buffer.from(xml(n)), {
          mode: 0o600,
          afterStep: mode === 'window' ? async (s) => { if (s === 'temp-written') { process.stdout.write('in-window\\n'); await new Promise(() => {}); } } : undefined,
        });
        process.stdout.write('wrote\\n');
      }
    `);
    const complete = /<setting name='useragent' type='string'>UA (\d+)<\/setting>[\s\S]*<\/account>\n<\/account>\n$/;
    let leftInWindow = 0;
    let advanced = 0;
    let last = 0;
    for (let round = 0; round < 30; round++) {
      const mode = round % 3 === 0 ? 'window' : 'loop';
      const child = spawn(process.execPath, [join(lib, 'writer.js'), target, mode, String(last * 1000)], { stdio: ['ignore', 'pipe', 'inherit'] });
      // 'loop': kill at a random instant after its first complete write (the machine may be slow)
      const wanted = mode === 'window' ? 'in-window' : 'wrote';
      await new Promise<void>((resolve) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          if (buf.includes(wanted)) resolve();
        });
      });
      if (mode === 'loop') await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 80)));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const text = readFileSync(target, 'utf8');
      const m = complete.exec(text);
      expect(m, `round ${round}: torn file of ${text.length} chars`).not.toBeNull();
      expect(text).toBe(accountsXml(Number(m?.[1])));
      if (Number(m?.[1]) > last * 1000) advanced++;
      last = round + 1;
      if (passwordCopies(data).length > 0) leftInWindow++;
      // the next invocation of any command sweeps the directory (here: the sweep every command runs)
      await removeStaleTemps(data);
      expect(passwordCopies(data), `round ${round}: a copy holding the password survived`).toEqual([]);
      expect(readdirSync(data)).toEqual(['accounts.xml']);
    }
    // the kills did land inside the window (every 'window' round at least), and writes happened
    expect(leftInWindow).toBeGreaterThanOrEqual(10);
    expect(advanced).toBeGreaterThan(10);
  }, 120_000);
});

/** A real full disk: a 1 MiB tmpfs, when this user may mount one (root in a container); otherwise skipped, the injected ENOSPC above stands. */
const canMount = ((): boolean => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'sipe-doctor-tmpfs-probe-'));
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return ok;
})();

describe.runIf(canMount)('a really full disk (tmpfs)', () => {
  it('ENOSPC: the error names the disk, the file is intact, no temp file is left', async () => {
    const mnt = join(dir, 'disk');
    mkdirSync(mnt);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt]).status).toBe(0);
    try {
      const path = join(mnt, 'accounts.xml');
      writeFileSync(path, OLD);
      // fill the disk
      let i = 0;
      try {
        for (;;) writeFileSync(join(mnt, `fill${i++}`), Buffer.alloc(16 * 1024));
      } catch {
        // full
      }
      const err = await writeFileAtomic(path, Buffer.alloc(64 * 1024, 0x41), { mode: 0o600 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FileWriteError);
      expect((err as FileWriteError).code).toBe('ENOSPC');
      expect((err as Error).message).toContain(`the disk holding ${mnt} is full`);
      expect(readFileSync(path)).toEqual(OLD);
      expect(readdirSync(mnt).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(existsSync(path)).toBe(true);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});
