/** docs/cli.md must be exactly what `npm run docs:cli` writes from the yargs definitions. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_DOC_PATH, generateCliDocs } from '../src/cli/docs.js';

describe('docs/cli.md', () => {
  it('is generated from the command definitions (run `npm run docs:cli` and commit the result)', async () => {
    const expected = await generateCliDocs();
    expect(readFileSync(CLI_DOC_PATH, 'utf8'), 'docs/cli.md is stale: run `npm run docs:cli` and commit it').toBe(expected);
  }, 60_000);

  it('documents every command with its options, examples and exit codes', async () => {
    const doc = readFileSync(CLI_DOC_PATH, 'utf8');
    for (const name of ['analyze', 'check', 'replay', 'triage', 'rules', 'config', 'env', 'demo', 'lab', 'completion']) expect(doc).toContain(`## ${name}\n`);
    for (const flag of ['--format', '--json', '--output', '--quiet', '--only-rules', '--expect']) expect(doc).toContain(flag);
    expect(doc).toMatch(/130 +interrupted/);
  });
});
