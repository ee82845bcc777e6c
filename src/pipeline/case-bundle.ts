/**
 * The file `sipe-doctor collect` writes and the helpdesk reads (`analyze`, `replay`, `triage`): one
 * JSON document with everything of one sign-in problem — the environment, the account's settings
 * and lint, the live check's evidence, the real client's debug log — and the combined verdict as it
 * was on the user's machine. Format and guarantees: docs/bundle.md. Pure (no I/O).
 *
 * Safety is applied here, once, to the whole document before it is serialised: every line of the
 * client's log passes the secret redactor, the password (which only the capture ever held) is
 * replaced wherever it might still appear, and personal data is pseudonymized with one
 * pseudonymizer so that the same name is the same placeholder across all parts.
 */
import { BundleError, parseBundle, type EvidenceBundle } from '../evidence/bundle.js';
import { createRedactor, REDACTED, redactSecretsDeep } from '../redact/index.js';
import type { EnvReport } from '../report/env-report.js';
import { createPseudonymizer, pseudonymizeDeep } from '../report/pii.js';
import type { Finding } from '../report/types.js';
import type { CombinedVerdict } from '../verdict/combine.js';
import type { RealClientAccount, RealClientEnd } from './real-client.js';

export const CASE_BUNDLE_FORMAT = 'sipe-doctor-collect';
export const CASE_BUNDLE_VERSION = 1;
/** larger than any bundle collect writes (the client log is capped well below) */
export const MAX_CASE_BUNDLE_BYTES = 64 * 1024 * 1024;
/** the client's log kept in a bundle: its last bytes when longer (a sign-in attempt is far shorter) */
export const MAX_CLIENT_LOG_CHARS = 8 * 1024 * 1024;

export type PasswordSource = 'accounts.xml' | 'prompt' | 'option' | 'environment' | 'none';

export interface CaseStep {
  name: 'environment' | 'account' | 'live-check' | 'real-client';
  status: 'ok' | 'partial' | 'skipped' | 'failed';
  detail?: string;
  ms: number;
}

export interface CaseBundle {
  format: typeof CASE_BUNDLE_FORMAT;
  version: typeof CASE_BUNDLE_VERSION;
  tool: { name: 'sipe-doctor'; version: string };
  createdAt: string;
  durationMs: number;
  /** secrets are always removed; pii = personal data pseudonymized (the default) */
  redaction: { secrets: true; pii: boolean };
  /** the sign-in address */
  target: string;
  steps: readonly CaseStep[];
  environment: { report?: EnvReport; unavailable?: string };
  account: {
    /** where the settings came from */
    source: 'accounts.xml' | 'options';
    settings?: RealClientAccount;
    passwordSource: PasswordSource;
    /** the lint of the account's settings (config rules) */
    lint: readonly Finding[];
  };
  /**
   * Evidence both diagnoses share: the account (`client.account`, the stored `client.error` in its
   * own attempt), never a password. The environment is reported beside it, not mixed in.
   */
  context: EvidenceBundle;
  check: { status: 'ran' | 'partial' | 'skipped'; reason?: string; evidence?: EvidenceBundle };
  client:
    | { status: 'captured'; ended: RealClientEnd; client?: string; durationMs: number; log: string; redactions: number; truncated?: boolean }
    | { status: 'skipped'; reason: string };
  /** the combined verdict on the user's machine (the helpdesk's tools diagnose again from the evidence) */
  verdict: CombinedVerdict;
}

export type CaseBundleDraft = Omit<CaseBundle, 'format' | 'version' | 'redaction' | 'client'> & {
  client: { status: 'captured'; ended: RealClientEnd; client?: string; durationMs: number; log: string } | { status: 'skipped'; reason: string };
};

/** Redact a client log line by line (multi-line spans followed); the count of secret values replaced. */
export function redactClientLog(log: string): { text: string; redactions: number; truncated: boolean } {
  const truncated = log.length > MAX_CLIENT_LOG_CHARS;
  let text = truncated ? log.slice(log.length - MAX_CLIENT_LOG_CHARS) : log;
  if (truncated) text = text.slice(text.indexOf('\n') + 1);
  const r = createRedactor();
  let redactions = 0;
  const out = text.split('\n').map((line) => {
    const x = r.line(line);
    redactions += x.count;
    return x.text;
  });
  return { text: out.join('\n'), redactions, truncated };
}

/** Every string of `value` with each occurrence of the secrets replaced (keys included). */
export function scrubSecrets<T>(value: T, secrets: readonly string[]): T {
  const needles = [...new Set(secrets.filter((s) => s.length >= 3).flatMap((s) => [s, xmlEscape(s), JSON.stringify(s).slice(1, -1)]))]
    .sort((a, b) => b.length - a.length);
  if (needles.length === 0) return value;
  const scrub = (s: string): string => needles.reduce((acc, n) => (acc.includes(n) ? acc.split(n).join(REDACTED) : acc), s);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [scrub(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

/**
 * The bundle as it may leave the machine: the client log redacted, the secrets scrubbed everywhere,
 * personal data pseudonymized unless `pii` is false.
 */
export function sealCaseBundle(draft: CaseBundleDraft, opts: { pii: boolean; secrets: readonly string[] }): CaseBundle {
  const client: CaseBundle['client'] =
    draft.client.status === 'captured'
      ? (() => {
          const r = redactClientLog(draft.client.log);
          return { ...draft.client, log: r.text, redactions: r.redactions, ...(r.truncated ? { truncated: true } : {}) };
        })()
      : draft.client;
  let bundle: CaseBundle = {
    format: CASE_BUNDLE_FORMAT,
    version: CASE_BUNDLE_VERSION,
    ...draft,
    redaction: { secrets: true, pii: opts.pii },
    client,
  };
  // the known secrets by value, then anything named or shaped like a secret anywhere in the bundle
  bundle = redactSecretsDeep(scrubSecrets(bundle, opts.secrets));
  if (opts.pii) {
    const p = createPseudonymizer();
    const { format, version, tool, createdAt, durationMs, redaction, ...rest } = bundle;
    bundle = { format, version, tool, createdAt, durationMs, redaction, ...pseudonymizeDeep(rest, p) };
  }
  return bundle;
}

/** The JSON text of a bundle (format first, so that a reader recognises it from the first bytes). */
export function serializeCaseBundle(b: CaseBundle): string {
  return `${JSON.stringify(b, null, 2)}\n`;
}

/** Whether a file's first bytes are those of a collect bundle (cheap; parseCaseBundle validates). */
export function looksLikeCaseBundle(head: string): boolean {
  return /^\uFEFF?\s*\{\s*"format"\s*:\s*"sipe-doctor-collect"/.test(head);
}

export class CaseBundleError extends BundleError {}

const fail = (msg: string): never => {
  throw new CaseBundleError(msg);
};

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Validate an untrusted JSON value as a collect bundle; throws CaseBundleError saying what is wrong. */
export function parseCaseBundle(value: unknown): CaseBundle {
  if (!isObject(value)) return fail('not a sipe-doctor collect bundle (expected a JSON object)');
  if (value['format'] !== CASE_BUNDLE_FORMAT) return fail(`not a sipe-doctor collect bundle (format is ${JSON.stringify(value['format'])}, expected "${CASE_BUNDLE_FORMAT}")`);
  if (value['version'] !== CASE_BUNDLE_VERSION) {
    return fail(`unsupported collect bundle version ${JSON.stringify(value['version'])} (this sipe-doctor reads version ${CASE_BUNDLE_VERSION})`);
  }
  for (const k of ['createdAt', 'target'] as const) if (typeof value[k] !== 'string') fail(`collect bundle: "${k}" is missing or not a string`);
  if (!isObject(value['tool'])) fail('collect bundle: "tool" is missing');
  if (!isObject(value['redaction']) || value['redaction']['secrets'] !== true) fail('collect bundle: "redaction.secrets" must be true (secrets are always removed)');
  if (!Array.isArray(value['steps'])) fail('collect bundle: "steps" is missing');
  if (!isObject(value['environment'])) fail('collect bundle: "environment" is missing');
  const account = value['account'];
  if (!isObject(account) || !Array.isArray(account['lint'])) fail('collect bundle: "account" is missing or has no "lint" list');
  const evidence = (v: unknown, where: string): EvidenceBundle => {
    try {
      return parseBundle(v);
    } catch (err) {
      return fail(`collect bundle: ${where}: ${(err as Error).message}`);
    }
  };
  const context = evidence(value['context'], 'context');
  const check = value['check'];
  if (!isObject(check) || !['ran', 'partial', 'skipped'].includes(check['status'] as string)) fail('collect bundle: "check.status" must be ran, partial or skipped');
  const checkObj = check as Record<string, unknown>;
  const checkEvidence = checkObj['evidence'] !== undefined ? evidence(checkObj['evidence'], 'check.evidence') : undefined;
  if (checkObj['status'] !== 'skipped' && !checkEvidence) fail('collect bundle: the live check ran but "check.evidence" is missing');
  const client = value['client'];
  if (!isObject(client)) return fail('collect bundle: "client" is missing');
  if (client['status'] === 'captured') {
    if (typeof client['log'] !== 'string') fail('collect bundle: "client.log" must be the debug log as text');
  } else if (client['status'] === 'skipped') {
    if (typeof client['reason'] !== 'string') fail('collect bundle: a skipped client needs its "reason"');
  } else {
    fail('collect bundle: "client.status" must be captured or skipped');
  }
  const verdict = value['verdict'];
  if (!isObject(verdict) || typeof verdict['agreement'] !== 'string') fail('collect bundle: "verdict" is missing');
  return {
    ...(value as unknown as CaseBundle),
    context,
    check: { ...(checkObj as unknown as CaseBundle['check']), ...(checkEvidence ? { evidence: checkEvidence } : {}) },
  };
}
