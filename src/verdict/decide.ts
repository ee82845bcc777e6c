import type { DraftFinding, Finding, Verdict } from './types.js';
import { stepIndex } from '../evidence/steps.js';
import { ROOT_CAUSES } from '../rules/root-causes.js';
import { isDominant, specificityIndex } from './specificity.js';

export interface VerdictContext {
  /** the attempt the verdict is about; undefined = the evidence has no attempt markers */
  lastAttempt?: string;
  /** the last attempt registered (REGISTER 200 / handshake completed) */
  signedIn: boolean;
  /** the client's last error text, when there is one */
  clientError?: string;
  /** what the evidence lacks, in words (`no REGISTER answer`, …) */
  missing: readonly string[];
  /** the evidence comes from a live check (its advice must not be "run check") */
  live?: boolean;
}

const inAttempt = (f: DraftFinding, last: string | undefined): boolean => last === undefined || f.attempt === undefined || f.attempt === last;

/**
 * Dominant causes (CAUSE_RANK) decide the verdict whatever step they belong to: on a retired service
 * no setting of an earlier step (authentication scheme, User-Agent) can make sign-in work.
 */
const dominance = (f: DraftFinding): number => (isDominant(f.rootCause) && f.confidence === 'confirmed' ? 0 : 1);

/** Connection-path order: dominant causes, then earliest step, then confirmed before inferred, then the more specific cause. */
export function compareBlocking(a: DraftFinding, b: DraftFinding): number {
  return dominance(a) - dominance(b) ||
    stepIndex(a.step) - stepIndex(b.step) ||
    (a.confidence === b.confidence ? 0 : a.confidence === 'confirmed' ? -1 : 1) ||
    specificityIndex(a.rootCause) - specificityIndex(b.rootCause);
}

const ROLE_ORDER: Readonly<Record<Finding['role'], number>> = { primary: 0, consequence: 1, warning: 2, other: 3, 'earlier-attempt': 4 };

/**
 * Pick the primary root cause of the last attempt and give every finding its role. Findings of
 * earlier attempts are listed but never decide.
 */
export function decideVerdict(drafts: readonly DraftFinding[], ctx: VerdictContext): { verdict: Verdict; findings: Finding[] } {
  const blocking = drafts.filter((f) => f.severity === 'error' && inAttempt(f, ctx.lastAttempt));
  const primary = [...blocking].sort(compareBlocking)[0];
  const findings: Finding[] = drafts.map((f) => {
    let role: Finding['role'];
    if (!inAttempt(f, ctx.lastAttempt)) role = 'earlier-attempt';
    else if (f === primary) role = 'primary';
    else if (f.severity === 'error') role = 'consequence';
    else if (f.severity === 'warning') role = 'warning';
    else role = 'other';
    return { ...f, role };
  });
  findings.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || (a.role === 'consequence' ? compareBlocking(a, b) : 0));
  const attempt = ctx.lastAttempt !== undefined ? { attempt: ctx.lastAttempt } : {};
  const warnings = findings.filter((f) => f.role === 'warning').length;
  const earlier = findings.filter((f) => f.role === 'earlier-attempt');

  if (primary) {
    return {
      findings,
      verdict: {
        rootCause: primary.rootCause, step: primary.step, confidence: primary.confidence, outcome: 'failed', ...attempt,
        summary: `${ROOT_CAUSES[primary.rootCause].title}${primary.confidence === 'inferred' ? ' (inferred)' : ''}: ${primary.remediation.summary}`,
      },
    };
  }
  if (ctx.signedIn) {
    return {
      findings,
      verdict: {
        rootCause: null, step: null, confidence: null, outcome: 'signed-in', ...attempt,
        summary: `SIPE signed in: the server accepted the REGISTER${warnings ? `, with ${warnings} warning${warnings > 1 ? 's' : ''} worth a look` : ''}.`,
      },
    };
  }
  const parts = [
    ctx.clientError ? `SIPE reported "${ctx.clientError}", but the evidence does not show which step failed` : 'The evidence shows neither a successful sign-in nor a failure',
  ];
  if (ctx.missing.length) parts.push(`missing: ${ctx.missing.join(', ')}`);
  if (earlier.length) parts.push(`earlier attempts failed with ${[...new Set(earlier.filter((f) => f.severity === 'error').map((f) => f.rootCause))].join(', ') || 'warnings only'}`);
  return {
    findings,
    verdict: {
      rootCause: null, step: null, confidence: null, outcome: 'unknown', ...attempt,
      summary: ctx.live
        ? `${parts.join('; ')}. Repeat with a longer --timeout / --budget, or capture a full debug log of the sign-in (PURPLE_UNSAFE_DEBUG=1 pidgin --debug) and analyze it.`
        : `${parts.join('; ')}. Capture a full debug log (PURPLE_UNSAFE_DEBUG=1 pidgin --debug) or run \`sipe-doctor check\`.`,
    },
  };
}
