import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { BundleError } from '../../evidence/bundle.js';
import { collectSavedBundle } from '../../pipeline/collect.js';
import type { Collection } from '../../pipeline/types.js';
import { CaseBundleError, looksLikeCaseBundle, type CaseBundle } from '../../pipeline/case-bundle.js';
import { parseCaseBundleText } from '../../pipeline/case-file.js';
import { diagnoseCaseBundle } from '../../pipeline/collected.js';
import { loadTranslationCatalogs } from '../../logs/i18n-load.js';
import { toolVersion } from '../version.js';
import type { CommandFactory } from '../command.js';
import { HINTS, SipeDoctorError, toInputError } from '../errors.js';
import type { CliIo } from '../io.js';
import { diagnoseCommandRun, loadDiagnoseDeps, ruleSelection, type DiagnoseDeps } from '../engine.js';
import { withOutputOptions, withRuleOptions, type OutputArgs, type RuleSelectionArgs } from '../options.js';
import { writeReport } from '../output.js';

export interface ReplayArgs extends OutputArgs, RuleSelectionArgs {
  bundle: string;
}

/** Bundles are JSON written by --save-evidence; anything this large is not one. */
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

/** `sipe-doctor replay bundle.json`: diagnose saved evidence again, offline (e.g. with newer rules). */
export const createReplayCommand =
  (inject?: () => Promise<DiagnoseDeps>): CommandFactory =>
  (io) => ({
    command: 'replay <bundle>',
    describe: 'diagnose a saved evidence bundle (--save-evidence) or a collect bundle again, offline',
    builder: (y: Argv) =>
      withRuleOptions(
        withOutputOptions(y.positional('bundle', { type: 'string', describe: "evidence bundle JSON; '-' reads stdin" })),
      ),
    examples: [
      ['sipe-doctor analyze --save-evidence evidence.json ~/pidgin-debug.log', 'save the evidence of a run…'],
      ['sipe-doctor replay evidence.json --format markdown', '…and diagnose it again later, e.g. as Markdown'],
      ['sipe-doctor replay --format html -o case.html sipe-doctor-collect-20261203-101500Z.json', 'a collect bundle as one page: environment, live check and real client side by side'],
    ],
    handler: async (argv: ReplayArgs) => replay(argv, io, await (inject ?? loadDiagnoseDeps)()),
  });

export const replayCommand: CommandFactory = createReplayCommand();

export async function replay(args: ReplayArgs, io: CliIo, deps: DiagnoseDeps): Promise<number> {
  const startedAt = io.now();
  const selection = ruleSelection(deps, args);
  const name = String(args.bundle);
  const text = await readBundleText(name, io);
  if (looksLikeCaseBundle(text) || /"format"\s*:\s*"sipe-doctor-collect"/.test(text.slice(0, 4096))) {
    let b: CaseBundle;
    try {
      b = parseCaseBundleText(text, name === '-' ? 'standard input' : name);
    } catch (err) {
      if (err instanceof CaseBundleError) throw new SipeDoctorError(/unsupported collect bundle version/.test(err.message) ? 'E_BUNDLE_VERSION' : 'E_BUNDLE', `${err.message}.`, { hint: HINTS.caseBundle });
      throw err;
    }
    const catalogs = await loadTranslationCatalogs().catch(() => undefined);
    const d = await diagnoseCaseBundle(b, {
      startedAt, now: io.now(), version: toolVersion(), engine: deps.diagnose, rules: deps.rules, only: selection.only, skip: selection.skip,
    }, { catalogs, name: name === '-' ? 'stdin' : name, mode: 'replay' });
    return writeReport(d.report, args, io, d.evidence);
  }
  const c = collectBundleText(text, name);
  const report = diagnoseCommandRun(deps, c, { startedAt, ...selection }, io);
  return writeReport(report, args, io, c.bundle);
}

async function readBundleText(name: string, io: CliIo): Promise<string> {
  if (name === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of io.stdin as AsyncIterable<Buffer | string>) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += b.length;
      if (size > MAX_BUNDLE_BYTES) throw new SipeDoctorError('E_BUNDLE', 'standard input is larger than an evidence bundle can be.', { hint: HINTS.bundle });
      chunks.push(b);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
  const path = resolve(io.cwd, name);
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (info.size > MAX_BUNDLE_BYTES) throw new SipeDoctorError('E_BUNDLE', `${name} is too large to be an evidence bundle.`, { hint: HINTS.bundle });
    return await readFile(path, 'utf8');
  } catch (err) {
    throw toInputError(err, name) ?? err;
  }
}

/** A saved bundle's text → the pipeline's Collection; not JSON / not a bundle → exit 2 with a hint. */
export function collectBundleText(text: string, name: string): Collection {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new SipeDoctorError('E_BUNDLE', `${name} is not an evidence bundle (not valid JSON: ${(err as Error).message}).`, { hint: HINTS.bundle });
  }
  try {
    return collectSavedBundle(value, name === '-' ? 'stdin' : name);
  } catch (err) {
    if (err instanceof BundleError) {
      const code = /schemaVersion/.test(err.message) ? 'E_BUNDLE_VERSION' : 'E_BUNDLE';
      throw new SipeDoctorError(code, `${name}: ${err.message}.`, { hint: HINTS.bundle });
    }
    throw err;
  }
}
