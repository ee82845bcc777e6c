import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrentChangeError, writeFileAtomic, type WriteStep } from './atomic-write.js';
import { nodeAccountsFs } from './fs-io.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sipe-doctor-atomic-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const OLD = Buffer.from('old complete version\n');
const NEW = Buffer.from('new complete version\n');

describe('writeFileAtomic', () => {
  it('removes a temp file (with the password) that a killed earlier run left behind', async () => {
    const path = join(dir, 'accounts.xml');
    writeFileSync(path, OLD);
    const stale = join(dir, '.accounts.xml.sipe-doctor-999-dead.tmp');
    writeFileSync(stale, '<password>secret</password>');
    await writeFileAtomic(nodeAccountsFs, path, NEW, { mode: 0o600 });
    expect(existsSync(stale)).toBe(false);
    expect(readFileSync(path)).toEqual(Buffer.from(NEW));
  });

  it('replaces the file, keeps the mode and leaves no temp file', async () => {
    const path = join(dir, 'accounts.xml');
    writeFileSync(path, OLD);
    chmodSync(path, 0o640);
    await writeFileAtomic(nodeAccountsFs, path, NEW, { mode: 0o640, expectBytes: OLD });
    expect(readFileSync(path)).toEqual(NEW);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['accounts.xml']);
  });

  const steps: WriteStep[] = ['temp-written', 'verified', 'renamed', 'dir-synced'];
  for (const step of steps) {
    it(`a fault after '${step}' leaves the old or the new complete file, and no temp file`, async () => {
      const path = join(dir, 'accounts.xml');
      writeFileSync(path, OLD);
      const fault = new Error(`injected after ${step}`);
      await expect(writeFileAtomic(nodeAccountsFs, path, NEW, { mode: 0o600, afterStep: (s) => { if (s === step) throw fault; } })).rejects.toBe(fault);
      const now = readFileSync(path);
      expect(now.equals(step === 'temp-written' || step === 'verified' ? OLD : NEW)).toBe(true);
      expect(readdirSync(dir)).toEqual(['accounts.xml']);
    });
  }

  it('refuses when the file changed since it was read', async () => {
    const path = join(dir, 'accounts.xml');
    writeFileSync(path, Buffer.from('pidgin wrote this meanwhile\n'));
    await expect(writeFileAtomic(nodeAccountsFs, path, NEW, { mode: 0o600, expectBytes: OLD })).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(readFileSync(path, 'utf8')).toBe('pidgin wrote this meanwhile\n');
    expect(readdirSync(dir)).toEqual(['accounts.xml']);
  });

  it('survives SIGKILL at random points: the file is always one complete version', async () => {
    // compile the writer (and its fs adapter) for a plain node child process
    const lib = join(dir, 'lib');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(lib);
    writeFileSync(join(lib, 'package.json'), '{"type":"module"}');
    for (const name of ['atomic-write', 'fs-io']) {
      const src = readFileSync(new URL(`./${name}.ts`, import.meta.url), 'utf8');
      const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
      writeFileSync(join(lib, `${name}.js`), js);
    }
    const data = join(dir, 'data');
    mkdirSync(data);
    const target = join(data, 'accounts.xml');
    const PAD = 128 * 1024;
    const version = (n: number): string => `BEGIN ${n}\n${'x'.repeat(PAD)}\nEND ${n}\n`;
    writeFileSync(target, version(0));
    writeFileSync(join(lib, 'writer.js'), `
      import { writeFileAtomic } from './atomic-write.js';
      import { nodeAccountsFs } from './fs-io.js';
      const target = ${JSON.stringify(target)};
      let n = Number(process.argv[2]);
      process.stdout.write('ready\\n');
      for (;;) {
        n += 1;
        await writeFileAtomic(nodeAccountsFs, target, Buffer.from(\`BEGIN \${n}\\n\${'x'.repeat(${PAD})}\\nEND \${n}\\n\`), { mode: 0o600 });
      }
    `);
    const complete = /^BEGIN (\d+)\nx+\nEND (\d+)\n$/;
    let last = 0;
    let advanced = 0;
    for (let round = 0; round < 20; round++) {
      const child = spawn(process.execPath, [join(lib, 'writer.js'), String(last * 1000)], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 60)));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const text = readFileSync(target, 'utf8');
      const m = complete.exec(text);
      expect(m, `round ${round}: torn file of ${text.length} chars`).not.toBeNull();
      expect(m?.[1]).toBe(m?.[2]);
      expect(text.length).toBe(version(Number(m?.[1])).length);
      if (Number(m?.[1]) > last * 1000) advanced++;
      last = round + 1;
      // a killed writer may leave its temp file behind; the target is never touched by it
      for (const f of readdirSync(data)) if (f !== 'accounts.xml') rmSync(join(data, f));
    }
    // the kills landed while writes were happening, not before the first one
    expect(advanced).toBeGreaterThan(10);
  }, 60_000);
});
