import type { DraftFinding, Finding, Verdict } from './types.js';
import { stepIndex } from '../evidence/steps.js';
import { ROOT_CAUSES } from '../rules/root-causes.js';
import { isDominant, specificityIndex } from './specificity.js';

export interface VerdictContext {
  /** the attempt the verdict is about; undefined = the evidence has no attempt markers */
  lastAttempt?: string;
  /** the last attempt registered (REGISTER 200 / handshake completed) */
  signedIn: boolean;
  /** what proves the sign-in, in words (`the server accepted the REGISTER`) */
  signedInProof?: string;
  /** the client's last error text, when there is one */
  clientError?: string;
  /** what the evidence lacks, in words (`no REGISTER answer`, …) */
  missing: readonly string[];
  /** the evidence comes from a live check (its advice must not be "run check") */
  live?: boolean;
  /** the server challenged REGISTER (these schemes) and no credentials answered it */
  unansweredChallenge?: string;
  /**
   * the input is a fragment: `tail` = debug lines without the start of a sign-in, `messages` =
   * SIP/HTTP messages pasted on their own; `sipeLines` = whether any line is SIPE's own
   */
  fragment?: { kind: 'tail' | 'messages'; sipeLines: boolean };
}

/** What a fragment proves and what it cannot show, in words for the verdict's summary. */
function fragmentWords(f: NonNullable<VerdictContext['fragment']>): { prefix: string; suffix: string } {
  if (f.kind === 'messages') {
    return {
      prefix: 'From the pasted message(s) alone: ',
      suffix: ' The message proves the server\'s answer; a debug log of the whole sign-in (PURPLE_UNSAFE_DEBUG=1 pidgin --debug) would show the account settings and what SIPE did before and after it.',
    };
  }
  return {
    prefix: 'From a fragment of a log (the start of the sign-in is not in it): ',
    suffix: f.sipeLines
      ? ' A log from the start of the sign-in would show the account, the server found and every step before this one.'
      : ' The fragment has no SIPE line, so it does not prove these lines are the SIPE account\'s; a log from the start of the sign-in would show the account and the server it connected to.',
  };
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

  const frag = ctx.fragment ? fragmentWords(ctx.fragment) : undefined;
  if (primary) {
    // lines that do not name their account prove the fault, not that it is the SIPE account's
    const confidence = ctx.fragment && !ctx.fragment.sipeLines && ctx.fragment.kind === 'tail' ? 'inferred' : primary.confidence;
    const summary = `${ROOT_CAUSES[primary.rootCause].title}${primary.confidence === 'inferred' ? ' (inferred: no protocol answer proves it)' : ''}: ${primary.remediation.summary}`;
    return {
      findings,
      verdict: {
        rootCause: primary.rootCause, step: primary.step, confidence, outcome: 'failed', ...attempt,
        summary: frag ? `${frag.prefix}${summary}${frag.suffix}` : summary,
      },
    };
  }
  if (ctx.signedIn) {
    const after = findings.filter((f) => f.rootCause === 'after-sign-in-failure' && f.role === 'warning');
    const others = warnings - after.length;
    const summary = after.length
      ? `${(after[0] as Finding).explanation.replace(/\.$/, '')}${after.length > 1 ? ` (and ${after.length - 1} more failure${after.length > 2 ? 's' : ''} after sign-in)` : ''}.${others ? ` ${others} other warning${others > 1 ? 's' : ''} worth a look.` : ''}`
      : `SIPE signed in: ${ctx.signedInProof ?? 'the server accepted the REGISTER'}${warnings ? `, with ${warnings} warning${warnings > 1 ? 's' : ''} worth a look` : ''}.`;
    return {
      findings,
      verdict: { rootCause: null, step: null, confidence: null, outcome: 'signed-in', ...attempt, summary },
    };
  }
  const parts = [
    (frag ? frag.prefix : '') + (ctx.clientError ? `SIPE reported "${ctx.clientError}", but the evidence does not show which step failed` : 'The evidence shows neither a successful sign-in nor a failure'),
  ];
  if (ctx.missing.length) parts.push(`missing: ${ctx.missing.join(', ')}`);
  if (earlier.length) parts.push(`earlier attempts failed with ${[...new Set(earlier.filter((f) => f.severity === 'error').map((f) => f.rootCause))].join(', ') || 'warnings only'}`);
  return {
    findings,
    verdict: {
      rootCause: null, step: null, confidence: null, outcome: 'unknown', ...attempt,
      summary: ctx.live && ctx.unansweredChallenge
        ? `The server is reachable and answered REGISTER with 401, asking for ${ctx.unansweredChallenge}; the sign-in itself was not tested because no password was given. Run again with --password - (it is prompted, never echoed) to test it.`
        : ctx.live
        ? `${parts.join('; ')}. Repeat with a longer --timeout / --budget, or capture a full debug log of the sign-in (PURPLE_UNSAFE_DEBUG=1 pidgin --debug) and analyze it.`
        : `${parts.join('; ')}. Capture a full debug log (PURPLE_UNSAFE_DEBUG=1 pidgin --debug) or run \`sipe-doctor check\`.`,
    },
  };
}
