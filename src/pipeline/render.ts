/**
 * The end of the pipeline: a Report (and its evidence) → the text to print and the exit code it
 * deserves. Pure; the CLI writes the text where the flags say (src/cli/output.ts).
 */
import type { EvidenceBundle } from '../evidence/bundle.js';
import { exitCodeFor, type FailOn } from '../report/exit-code.js';
import { formatReport } from '../report/formatters/index.js';
import { createPseudonymizer, pseudonymizeDeep } from '../report/pii.js';
import type { Report } from '../report/types.js';
import { redactSecrets, redactSecretsDeep } from '../redact/index.js';

export interface RenderSettings {
  /** a formatter name (text, json, markdown, html, csv, jsonl, reply) */
  format: string;
  color: boolean;
  verbose: boolean;
  /** json: add the evidence bundle as `evidenceBundle` */
  includeEvidence: boolean;
  /** replace personal data with placeholders in the report and the evidence alike */
  redactPii: boolean;
  failOn: FailOn;
  /** a root-cause id, or `none`: exit 0 exactly when the verdict names it */
  expect?: string | undefined;
  /** text: the terminal's width (undefined: 80 columns) */
  width?: number | undefined;
  /** html: links to the rule docs (see FormatOptions) */
  docsBase?: string | undefined;
  repositoryUrl?: string | undefined;
}

export interface Rendered {
  text: string;
  /** the report as shown (pseudonymized with --redact-pii) */
  report: Report;
  /** the evidence as it may be saved (pseudonymized with the same placeholders) */
  bundle?: EvidenceBundle | undefined;
  exitCode: number;
  /** why the exit code is 1 although the diagnosis completed: the verdict is not the expected one */
  unexpected?: string;
}

/** Formats whose text is free text (no quoting the text pass could unbalance): redacted once more as a whole. */
const FREE_TEXT_FORMATS = new Set(['text', 'markdown', 'reply']);

export function renderReport(report: Report, bundle: EvidenceBundle | undefined, s: RenderSettings): Rendered {
  // every string of the report and of the evidence goes through the one redactor before any
  // formatter sees it, so no format (nor the saved evidence) can show a secret
  let shown = redactSecretsDeep(report);
  let evidence = bundle === undefined ? undefined : redactSecretsDeep(bundle);
  if (s.redactPii) {
    // one pseudonymizer for both, so the saved evidence and the report use the same placeholders
    const p = createPseudonymizer();
    // input file names (`jsmith@contoso-corp.com.log`, `sip.contoso-corp.com_10.44.55.66.log`) in every format
    if (shown.run.mode !== 'live') for (const input of shown.run.inputs ?? []) if (input !== '-') p.registerFile(input);
    shown = pseudonymizeDeep(report, p);
    if (evidence) evidence = pseudonymizeDeep(evidence, p);
  }
  const formatted = formatReport(shown, s.format, { color: s.color, verbose: s.verbose, bundle: evidence, includeEvidence: s.includeEvidence, width: s.width, docsBase: s.docsBase, repositoryUrl: s.repositoryUrl });
  const text = FREE_TEXT_FORMATS.has(s.format) ? redactSecrets(formatted) : formatted;
  const code = exitCodeFor(shown, s.failOn);
  const base = { text, report: shown, ...(evidence ? { bundle: evidence } : {}) };
  if (s.expect === undefined || code === 3) return { ...base, exitCode: code };
  const expected = s.expect === 'none' ? null : s.expect;
  if (shown.verdict.rootCause === expected) return { ...base, exitCode: 0 };
  return { ...base, exitCode: 1, unexpected: `expected root cause ${s.expect}, the verdict is ${shown.verdict.rootCause ?? 'none'}` };
}
