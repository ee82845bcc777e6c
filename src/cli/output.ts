/**
 * Where a diagnosing command's report goes: the pipeline renders it (src/pipeline/render.ts), this
 * writes it — the evidence to --save-evidence, the report to --output or stdout — and returns the
 * exit code. Never calls process.exit.
 */
import type { EvidenceBundle } from '../evidence/bundle.js';
import { renderReport } from '../pipeline/render.js';
import type { Report } from '../report/types.js';
import { runContext } from './run-context.js';
import type { CliIo } from './io.js';
import { ExitCode } from './exit-codes.js';
import { formatName, resolveColor, type OutputArgs } from './options.js';
import { writeFileAtomic } from './write-file.js';
import { pathToFileURL } from 'node:url';
import { packageInfo } from './version.js';

export async function writeReport(report: Report, args: OutputArgs, io: CliIo, bundle?: EvidenceBundle): Promise<number> {
  const format = formatName(args);
  const r = renderReport(report, bundle, {
    format,
    color: format === 'text' && resolveColor(args.color, io, args.output !== undefined),
    width: args.output === undefined ? io.columns : undefined,
    ...docLinkBases(),
    verbose: args.verbose === true,
    includeEvidence: args.includeEvidence === true,
    redactPii: args.redactPii === true,
    failOn: args.failOn ?? 'error',
    expect: args.expect,
  });

  if (args.saveEvidence) {
    if (r.bundle) {
      await writeFileAtomic(args.saveEvidence, JSON.stringify(r.bundle, null, 2) + '\n', io.cwd, { what: 'evidence', mode: 0o600 });
      runContext(io).logger.info({ file: args.saveEvidence, observations: r.bundle.observations.length }, 'evidence saved');
    } else {
      io.stderr.write('sipe-doctor: --save-evidence: this command has no evidence bundle to save.\n');
    }
  }
  if (args.output) {
    await writeFileAtomic(args.output, r.text, io.cwd, { what: 'output' });
    if (args.quiet !== true) io.stderr.write(`sipe-doctor: report written to ${args.output}\n`);
  } else {
    io.stdout.write(r.text);
  }
  if (r.unexpected) io.stderr.write(`sipe-doctor: ${r.unexpected}\n`);
  // Ctrl-C: the partial report is out; the exit code says it was interrupted (a crash still wins)
  if (io.wasInterrupted?.() && r.exitCode !== ExitCode.Internal) return ExitCode.Interrupted;
  return r.exitCode;
}

/** Where the HTML report's rule-doc links point: the docs shipped with this installation, and the repository. */
function docLinkBases(): { docsBase?: string; repositoryUrl?: string } {
  const info = packageInfo();
  if (!info) return {};
  return { docsBase: pathToFileURL(info.dir).href, ...(info.repository ? { repositoryUrl: info.repository } : {}) };
}
