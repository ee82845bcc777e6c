import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `npm test` builds first (npm run build), so dist/ must exist: a missing bin is a failure, not a skip.
const BIN = 'dist/bin/sipe-doctor.js';

describe('built bin (spawn smoke test)', () => {
  it('node dist/bin/sipe-doctor.js --version prints the version and exits 0', () => {
    expect(existsSync(BIN), `${BIN} missing: run \`npx tsc -p tsconfig.json\` first`).toBe(true);
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    const r = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8', timeout: 15_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(r.status).toBe(0);
  });
});
