/**
 * Leak test of the collect bundle: every recorded SIPE debug log of the repository, carried as the real
 * client's log in a sealed bundle (with and without pseudonyms), leaves none of its secret values in the
 * bundle's text, nor the password collect held.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealCaseBundle, serializeCaseBundle, type CaseBundleDraft } from '../src/pipeline/case-bundle.js';
import { harvestSecrets } from './helpers/secrets.js';

const root = join(import.meta.dirname, '..');
const files = ['fixtures/lab', 'fixtures/logs']
  .map((d) => join(root, d))
  .flatMap((d) => (existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.log')).map((f) => join(d, f)) : []));

function draft(log: string): CaseBundleDraft {
  return {
    tool: { name: 'sipe-doctor', version: 'test' },
    createdAt: '2026-12-03T10:00:00.000Z',
    durationMs: 1,
    target: 'alice@corp.example',
    steps: [],
    environment: { unavailable: 'test' },
    account: { source: 'options', passwordSource: 'option', lint: [] },
    context: { schemaVersion: 1, mode: 'config', observations: [], probeErrors: [] },
    check: { status: 'skipped', reason: 'test' },
    client: { status: 'captured', ended: 'connection-error', durationMs: 1, log },
    verdict: { agreement: 'none', decidedBy: 'none', rootCause: null, outcome: 'unknown', confidence: null, summary: '', explanation: '' },
  };
}

describe('collect bundle leak test', () => {
  it('has recorded logs to carry', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [f.slice(root.length + 1), f]))('%s: no secret in the bundle', (_name, file) => {
    const raw = readFileSync(file, 'utf8');
    const secrets = harvestSecrets(raw);
    for (const pii of [true, false]) {
      const text = serializeCaseBundle(sealCaseBundle(draft(raw), { pii, secrets: ['Passw0rd!', 'Wr0ng-Passw0rd!'] }));
      for (const s of secrets) expect(text, `secret from ${file}`).not.toContain(s);
      for (const s of secrets) expect(text).not.toContain(JSON.stringify(s).slice(1, -1));
    }
  });
});
