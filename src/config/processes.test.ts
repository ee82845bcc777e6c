import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { procfsLister } from './processes.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('procfsLister', () => {
  it('finds pidgin and finch in a fake /proc and ignores the rest', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fake-proc-'));
    const procs: Record<string, string> = { '1': 'systemd', '4242': 'finch', '4243': 'pidgin', '99': 'finchy', self: 'node' };
    for (const [pid, comm] of Object.entries(procs)) {
      mkdirSync(join(dir, pid));
      writeFileSync(join(dir, pid, 'comm'), `${comm}\n`);
    }
    mkdirSync(join(dir, '777')); // a process that ended: no comm
    const found = await procfsLister(dir)();
    expect(found?.sort((a, b) => a.pid - b.pid)).toEqual([{ pid: 4242, name: 'finch' }, { pid: 4243, name: 'pidgin' }]);
  });
  it('returns undefined without procfs', async () => {
    expect(await procfsLister('/nonexistent-proc')()).toBeUndefined();
  });
});
