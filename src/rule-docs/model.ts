import type { Kind } from '../evidence/kinds.js';
import { ROOT_CAUSES } from '../rules/root-causes.js';
import type { SettingChange } from '../protocol/account-settings.js';
import type { Rule } from '../rules/types.js';

/** What each kind of observation is, in words (for "Evidence used" when a rule has no docs text). */
export const KIND_WORDS: Readonly<Record<Kind, string>> = {
  'client.account': 'the account settings (Username, Login, Server, User Agent, authentication) from the log or accounts.xml',
  'client.error': 'the connection error SIPE showed the user (English or translated)',
  'dns.lookup': 'DNS lookups (SRV and A records) and their answers',
  'discovery.event': "SIPE's server discovery: autodiscover, SRV, fallback candidates",
  'tcp.connect': 'TCP connection attempts and their outcome',
  'tls.handshake': 'TLS handshakes and their errors',
  'tls.certificate': 'the server certificate (subject, names, validity, issuer)',
  'proxy.event': 'proxy connection attempts',
  'autodiscover.response': 'Lync autodiscover answers',
  'http.exchange': 'HTTP exchanges with web services (status, SOAP faults)',
  'webticket.result': 'web ticket and certificate provisioning results',
  'sip.register': 'REGISTER requests and the responses (status, Warning, ms-diagnostics)',
  'sip.user-agent-test': "`check`'s REGISTERs with Microsoft User-Agents after a client-version 403, and which one the server let through",
  'auth.event': 'authentication steps (NTLM, Kerberos, TLS-DSK) and their errors',
  'transport.event': 'SIP connection events (connect, drop, reconnect)',
  'session.ended': 'the server ending the session (BYE, deregistration)',
  'sip.transaction': 'a call, conference, subscription or BYE that failed after sign-in (status, ms-diagnostics)',
  'client.environment': 'the machine: installed Pidgin/Finch, libpurple, pidgin-sipe and libxml2 packages (`sipe-doctor env`)',
  'check.stopped': "`check` stopped before it finished (its --budget ran out, or Ctrl-C), and the step that was running",
};

export interface RuleExample {
  excerpt: string;
  /** `fixtures/logs/x.log lines 10–20`, or `rule metadata` */
  source: string;
}

export interface RuleDoc {
  id: string;
  category: string;
  title: string;
  failureTitle: string;
  rootCause: string;
  rootCauseTitle: string;
  step: string;
  severity: string;
  /** paragraphs (a list is one paragraph) */
  whatItChecks: string[];
  whyItMatters: string;
  howToFix: { summary: string; audience: string; settings: string[]; steps: string[]; adminActions: string[] };
  evidenceUsed: string[];
  example?: RuleExample | undefined;
}

/** The H2 headings of every rule doc, in this order (a test holds the docs to it). */
export const DOC_HEADINGS = ['What it checks', 'Why it matters', 'How to fix', 'Evidence used', 'Example log excerpt'] as const;

/** `The server refused {what} ({code})` → `The server refused … (…)` */
function template(text: string): string {
  return text.replace(/\{[^}]+\}/g, '…');
}

function lowerFirst(text: string): string {
  return text.length > 1 && /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

export function settingText(s: SettingChange): string {
  const value = s.choice ?? (s.value === '' ? '(leave empty)' : s.value);
  return `Accounts → Manage Accounts → Modify… → ${s.tab} tab → ${s.field}: ${value}`;
}

/** The doc of a rule from its metadata (+ an example excerpt found elsewhere). Pure. */
export function ruleDocModel(rule: Rule, fixtureExample?: RuleExample): RuleDoc {
  const m = rule.meta;
  const info = ROOT_CAUSES[m.rootCause];
  const step = m.step ?? info?.step ?? 'client';
  const reads = m.requires.map((k) => `\`${k}\``).join(', ');
  const what = [
    `This rule passes when ${lowerFirst(m.title.replace(/\.$/, ''))}. When the evidence shows otherwise it reports **${m.failureTitle.replace(/\.$/, '')}** ` +
      `(root cause \`${m.rootCause}\`, step \`${step}\`, severity ${m.severity}).`,
    ...(Object.keys(m.messages).length > 0 ? [['It reports one of:', ...Object.values(m.messages).map((t) => `- ${template(t)}`)].join('\n')] : []),
    ...(reads ? [`It reads ${reads} observations; it is not applicable when none of them are present.`] : []),
  ];
  const r = m.remediation;
  const evidenceUsed = m.docs?.evidenceUsed
    ? [m.docs.evidenceUsed]
    : m.requires.map((k) => `- \`${k}\`: ${KIND_WORDS[k] ?? k}`);
  const example: RuleExample | undefined = m.docs?.exampleLog ? { excerpt: m.docs.exampleLog, source: 'rule metadata' } : fixtureExample;
  return {
    id: m.id,
    category: m.category,
    title: m.title,
    failureTitle: m.failureTitle,
    rootCause: m.rootCause,
    rootCauseTitle: info?.title ?? m.rootCause,
    step,
    severity: m.severity,
    whatItChecks: what,
    whyItMatters: m.description,
    howToFix: {
      summary: r.summary,
      audience: r.audience,
      settings: (r.settings ?? []).map(settingText),
      steps: [...r.steps],
      adminActions: [...(r.adminActions ?? [])],
    },
    evidenceUsed,
    example,
  };
}
