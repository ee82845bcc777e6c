import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../adapters/atomic-file.js';
import { applyAccountFix } from './fix.js';
import { nodeAccountsFs } from './fs-io.js';

function which(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const missing = ['finch', 'tmux'].filter((c) => !which(c));
if (!existsSync('/usr/lib/purple-2/libsipe.so')) missing.push('pidgin-sipe (/usr/lib/purple-2/libsipe.so)');
const skipReason = missing.length ? `needs ${missing.join(', ')} (apt-get install -y finch pidgin-sipe tmux)` : '';

/** A loopback port nothing listens on (bound then released). */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skipReason !== '')(`real libpurple reads the fixed accounts.xml${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('finch loads the fixed file without XML errors and connects the account with the new server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sipe-doctor-finch-'));
    const session = `sipe-doctor-test-${process.pid}`;
    try {
      const path = join(dir, 'accounts.xml');
      copyFileSync(new URL('../../fixtures/accounts/recorded-connect-refused.accounts.xml', import.meta.url), path);
      chmodSync(path, 0o600);
      const port = await freePort();
      const result = await applyAccountFix(
        {
          path, dryRun: false, force: true, now: new Date('2025-01-01T00:00:00Z'),
          changes: [{ key: 'server', value: `127.0.0.1:${port}` }, { key: 'useragent', value: 'UCCAPI/16.0 & <test>' }, { key: 'login', value: 'LAB\\bob2' }],
        },
        { fs: nodeAccountsFs, write: writeFileAtomic, listProcesses: async () => [] },
      );
      expect(result.status).toBe('written');
      const log = join(dir, 'finch.log');
      execFileSync('tmux', ['-L', session, 'new-session', '-d', '-s', session, '-x', '200', '-y', '50', `finch -c '${dir}' -d 2> '${log}'`]);
      const deadline = Date.now() + 6000;
      while (Date.now() < deadline) {
        if (existsSync(log) && /Connecting to 127\.0\.0\.1/.test(readFileSync(log, 'utf8'))) break;
        await sleep(200);
      }
      const text = readFileSync(log, 'utf8');
      expect(text).toContain(`Reading file accounts.xml from directory ${dir}`);
      expect(text).not.toMatch(/XML parser error|Error parsing file/);
      expect(text).toContain('account: Connecting to account bob@lab.example,LAB\\bob2.');
      expect(text).toContain(`Connecting to 127.0.0.1:${port}`);
    } finally {
      try {
        execFileSync('tmux', ['-L', session, 'kill-server'], { stdio: 'ignore' });
      } catch {
        // already gone
      }
      await sleep(300);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
