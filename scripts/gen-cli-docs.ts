/** `npm run docs:cli`: (re)write docs/cli.md from the command definitions (src/cli/docs.ts). */
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_DOC_PATH, generateCliDocs } from '../src/cli/docs.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, here.includes(join('dist', 'scripts')) ? '../..' : '..');
await writeFile(join(root, CLI_DOC_PATH), await generateCliDocs());
process.stdout.write(`wrote ${CLI_DOC_PATH}\n`);
