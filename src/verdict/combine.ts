/**
 * One verdict from two witnesses of the same sign-in: the installed client (its debug log) and the
 * live probes (check). Agreement makes the verdict stronger than either alone; a disagreement is
 * reported, with what it points at, because the two differ in known ways: the probes use their
 * own TLS stack, trust store, resolver and User-Agent, the client uses libpurple's and the
 * libraries installed on the machine. Pure.
 */
import { stepIndex, type Step } from '../evidence/steps.js';
import type { RootCauseId } from '../rules/root-causes.js';
import type { Confidence } from '../rules/types.js';
import type { Verdict } from './types.js';

export type Agreement =
  /** both ran and name the same outcome and root cause */
  | 'agree'
  /** both ran and differ */
  | 'disagree'
  /** the real client ran but its log shows neither a failure nor a sign-in: the live check decides */
  | 'client-inconclusive'
  /** only one side ran */
  | 'live-only'
  | 'client-only'
  | 'none';

export interface CombinedVerdict {
  agreement: Agreement;
  /** whose verdict the combined one is */
  decidedBy: 'both' | 'real-client' | 'live-check' | 'none';
  rootCause: RootCauseId | null;
  outcome: Verdict['outcome'];
  confidence: Confidence | null;
  /** one sentence */
  summary: string;
  /** why the sides agree or differ, and what that points at */
  explanation: string;
}

export interface Side {
  /** the side's verdict when it ran */
  verdict?: Verdict | undefined;
  /** why it did not run (or was cut short) */
  reason?: string | undefined;
}

const name = (v: Verdict): string => (v.rootCause ?? (v.outcome === 'signed-in' ? 'signed in' : 'no conclusion'));

function sameVerdict(a: Verdict, b: Verdict): boolean {
  return a.outcome === b.outcome && a.rootCause === b.rootCause;
}

function stronger(a: Confidence | null, b: Confidence | null): Confidence | null {
  if (a === 'confirmed' || b === 'confirmed') return 'confirmed';
  return a ?? b;
}

function from(v: Verdict, agreement: Agreement, decidedBy: CombinedVerdict['decidedBy'], explanation: string, summary = v.summary): CombinedVerdict {
  return { agreement, decidedBy, rootCause: v.rootCause, outcome: v.outcome, confidence: v.confidence, summary, explanation };
}

const PROBE_DIFFERENCE_ANY = "the certificate trust (libpurple's store and the certificates the user accepted in Pidgin against check's --ca), " +
  'the DNS server asked (--dns-server against the system resolver), the proxy, or the password given to check';

/** Where the probes' own way differs from the client's, by the step at which only the probes failed. */
const PROBE_DIFFERENCE: Partial<Record<Step, string>> = {
  tls: "the certificate trust: the client accepts this server's certificate (the system's authorities, or a certificate the user accepted in " +
    "Pidgin's dialog, kept in the profile's tls_peers), the probes trust only the system's authorities and --ca. If the user accepted it, the " +
    'server certificate is still wrong for every other client: fix it on the server, or give check the issuing CA with --ca',
  dns: 'the DNS server asked: the client uses the system resolver, the probes --dns-server when given',
  network: 'the network path: a proxy the client is configured with, or a firewall rule for one program and not the other',
  auth: 'the password: the client used the one stored in Pidgin, the probes the one given to collect or check',
};

/** What a disagreement points at, by how the two ended. */
function disagreement(live: Verdict, client: Verdict): string {
  const both = `The live check ended with ${name(live)}${live.step ? ` (step ${live.step})` : ''}; the real client with ${name(client)}${client.step ? ` (step ${client.step})` : ''}.`;
  if (client.outcome === 'signed-in') {
    return `${both} The client signs in, so the server side works for this account: what the probes do differently is the suspect — ${PROBE_DIFFERENCE[live.step ?? 'client'] ?? PROBE_DIFFERENCE_ANY}.`;
  }
  if (live.outcome === 'signed-in') {
    return `${both} The server accepts this account from the probes but not from the installed client, so the difference is on this machine: ` +
      "the client's version or User-Agent, its libraries (e.g. a libxml2 that breaks SIPE's XML parser), its certificate store, " +
      'or an account setting the probes do not use. The real client\'s verdict is the one the user sees.';
  }
  if (live.step && client.step && live.step !== client.step) {
    const earlier = stepIndex(live.step) < stepIndex(client.step) ? 'live check' : 'real client';
    return `${both} The ${earlier} stopped at an earlier step, so the two did not walk the same path: ` +
      'compare the resolver, the trust store and the settings each used (the environment and account columns). The real client\'s verdict is the one the user sees.';
  }
  return `${both} Both stopped at the same step for different reasons: the server answered them differently (User-Agent, authentication scheme or login), ` +
    'which the two findings name. The real client\'s verdict is the one the user sees.';
}

/** The combined verdict of a collect run. */
export function combineVerdicts(live: Side, client: Side): CombinedVerdict {
  const l = live.verdict;
  const c = client.verdict;
  if (!l && !c) {
    return {
      agreement: 'none', decidedBy: 'none', rootCause: null, outcome: 'unknown', confidence: null,
      summary: 'Neither the live check nor the real client produced a result.',
      explanation: [live.reason && `Live check: ${live.reason}`, client.reason && `Real client: ${client.reason}`].filter(Boolean).join(' '),
    };
  }
  if (!c) return from(l!, 'live-only', 'live-check', `Only the live check ran; the real client did not: ${client.reason ?? 'not run'}.`);
  if (!l) return from(c, 'client-only', 'real-client', `Only the real client ran; the live check did not: ${live.reason ?? 'not run'}.`);
  if (c.outcome === 'unknown' && c.rootCause === null) {
    return from(l, 'client-inconclusive', 'live-check',
      `The real client neither failed nor signed in within the time it had${client.reason ? ` (${client.reason})` : ''}; the live check decides.`);
  }
  if (sameVerdict(l, c)) {
    const agreed = c.outcome === 'signed-in' && c.rootCause === null
      ? 'The real client and the live check both signed in.'
      : `The real client and the live check both end with ${name(c)}${c.step ? ` at step ${c.step}` : ''}.`;
    return {
      agreement: 'agree', decidedBy: 'both', rootCause: c.rootCause, outcome: c.outcome,
      confidence: stronger(l.confidence, c.confidence),
      summary: c.summary,
      explanation: `${agreed} Two independent witnesses (the installed client and sipe-doctor's own probes) agree, which rules out a quirk of either.`,
    };
  }
  if (l.outcome === 'unknown' && l.rootCause === null) {
    return from(c, 'client-only', 'real-client', 'The live check reached no conclusion; the real client decides.');
  }
  return from(c, 'disagree', 'real-client', disagreement(l, c));
}
