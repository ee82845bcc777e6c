import type { ClientError, Observation, SipRegister } from '../../evidence/kinds.js';
import { defineRule } from '../types.js';
import type { Remediation } from '../types.js';
import { accountOf } from '../../evidence/derive/account.js';
import type { AccountView } from '../../evidence/derive/account.js';
import { detailAfter, quoteError, REJECTED_PREFIX, rejectedWith } from '../common/client-error.js';

/** the server's version-block words, looked for inside a translated rejection (narrower than CLIENT_VERSION_TEXT, which reads the English detail) */
const VERSION_WORDS = /recommended version of the client|newest version|Microsoft Update|client version/i;
import { suggestUserAgent } from '../../protocol/user-agents.js';
import { hostOf, isSfbOnlineHost } from '../../protocol/hosts.js';
import { CLIENT_VERSION_TEXT, isClientVersionBlock, otherForbiddenCause, serverSaid } from '../../protocol/sip-status.js';

const isVersionBlock = (r: SipRegister): boolean => isClientVersionBlock(r.data);

function remediationFor(a: AccountView, server: string | undefined, online: boolean, accepted?: string): Remediation {
  if (accepted) return acceptedRemediation(accepted);
  const current = a.userAgent || undefined;
  const s = suggestUserAgent({ ...(server ? { server } : {}), onlineHost: online, ...(current ? { current } : {}) });
  const alt = s.alternatives.slice(0, 3).map((u) => `"${u.userAgent}" (${u.generation})`).join(', ');
  return {
    summary: `Set the User Agent to "${s.primary.userAgent}" so the server's client version policy accepts SIPE.`,
    steps: [
      'In Pidgin open Accounts → Manage Accounts → Modify on this account and switch to the Advanced tab.',
      `Set "User Agent" to: ${s.primary.userAgent}  (${s.primary.generation}; chosen because ${s.basis}).`,
      'Save, then enable the account again (the error disables it).',
      `If the server still answers 403, try in turn: ${alt}.`,
      'Or ask the administrator to allow SIPE in the client version policy (a CsClientVersionPolicy rule for the "Sipe" user agent, or DefaultAction Allow).',
    ],
    audience: 'user',
    settings: [{ field: 'User Agent', key: 'useragent', value: s.primary.userAgent, tab: 'Advanced' }],
  };
}

/** `check` tried Microsoft User-Agents and the server let this one through: no guessing needed. */
function acceptedRemediation(ua: string): Remediation {
  return {
    summary: `The server accepted "${ua}": set User Agent to exactly that.`,
    steps: [
      'In Pidgin open Accounts → Manage Accounts → Modify on this account and switch to the Advanced tab.',
      `Set "User Agent" to exactly: ${ua}  (sipe-doctor check sent a REGISTER with it and the server's client version policy let it through).`,
      'Save, then enable the account again (the error disables it).',
      'Or ask the administrator to allow SIPE in the client version policy (a CsClientVersionPolicy rule for the "Sipe" user agent, or DefaultAction Allow).',
    ],
    audience: 'user',
    settings: [{ field: 'User Agent', key: 'useragent', value: ua, tab: 'Advanced' }],
  };
}

export default defineRule({
  meta: {
    id: 'sip/blocked-client-version',
    category: 'sip',
    rootCause: 'client-version-blocked',
    severity: 'error',
    title: 'The server accepts SIPE\'s client version',
    failureTitle: 'The server\'s client version policy blocks SIPE',
    description: 'Lync and Skype for Business servers filter clients by the User-Agent header of REGISTER. SIPE\'s default User-Agent (Purple/… Sipe/…) is unknown to that policy, so servers that block unknown clients answer 403 Forbidden.',
    messages: {
      blocked: 'The server refused REGISTER with {serverSaid}: its client version policy does not accept the User-Agent SIPE sent ("{userAgent}").',
      clientText: 'SIPE reported "{clientError}", the text it shows when the server\'s client version policy refuses its User-Agent.',
      translatedText: 'SIPE reported "{clientError}" (connection error reason 7, rejected by the server): the server\'s words are those of its client version policy refusing SIPE\'s User-Agent. The error text is translated and was not read; the server\'s own words in it are English in every language. A log with PURPLE_UNSAFE_DEBUG=1 would show the 403 and its Warning / ms-diagnostics header, which would confirm it.',
    },
    remediation: remediationFor({}, undefined, false),
    requires: ['client.account', 'sip.register', 'sip.user-agent-test', 'client.error'],
    docs: {
      evidenceUsed: 'REGISTER 403 responses with a Warning header (310/312/314/399) or ms-diagnostics 17002/17003; the `You have been rejected by the server:` client error.',
      exampleLog: 'SIP/2.0 403 Forbidden\nms-diagnostics: 17002;reason="Invalid protocol client version.";source="fe01.corp.example"\nWarning: 399 fe01.corp.example "You are currently not using the recommended version of the client"',
    },
  },
  check(ev) {
    const accounts = ev.all('client.account');
    const a = accountOf(ev);
    const registers = ev.all('sip.register');
    // check's User-Agent negotiation: the first Microsoft User-Agent the filter let through
    const acceptedTest = ev.all('sip.user-agent-test').find((t) => t.data.status !== undefined && !isClientVersionBlock(t.data));
    const accepted = acceptedTest?.data.userAgent;
    const errors = ev.all('client.error');
    const rejectedErrors = errors.filter((e) => detailAfter(e, REJECTED_PREFIX) !== undefined);
    const blocked = registers.filter(isVersionBlock);
    const server = registers.map((r) => r.data.server).filter(Boolean).pop();
    const online = registers.some((r) => r.data.registrar && isSfbOnlineHost(hostOf(r.data.registrar))) || (a.serverHost !== undefined && isSfbOnlineHost(a.serverHost));
    if (blocked.length) {
      const r = blocked[blocked.length - 1]!;
      const evidence: Observation[] = [r, ...rejectedErrors, ...accounts.filter((x) => x.data.userAgent)];
      return {
        status: 'fail',
        problems: [{
          messageId: 'blocked',
          data: {
            serverSaid: serverSaid(r.data),
            userAgent: r.data.userAgent ?? a.userAgentSent ?? (a.userAgent || `SIPE's default Purple/… Sipe/${a.sipeVersion ?? '…'}`),
            ...(r.data.warnings?.[0] ? { warningCode: r.data.warnings[0].code, warningText: r.data.warnings[0].text } : {}),
            ...(r.data.msDiagnostics?.[0] ? { diagnostics: r.data.msDiagnostics[0].code } : {}),
          },
          evidence: [...evidence, ...(acceptedTest ? [acceptedTest] : [])], confidence: 'confirmed', remediation: remediationFor(a, r.data.server ?? server, online, accepted),
        }],
      };
    }
    const translated = errors.filter((e) => detailAfter(e, REJECTED_PREFIX) === undefined && rejectedWith(e, VERSION_WORDS) === 'translated');
    const textOnly = [...rejectedErrors.filter((e: ClientError) => CLIENT_VERSION_TEXT.test(detailAfter(e, REJECTED_PREFIX) ?? '')), ...translated];
    // a 403 seen only as a status (1.24+ short dumps carry no headers) does not contradict the text;
    // one whose diagnostics name another cause (remote access, SIP URI mismatch …) does
    const other403 = registers.some((r) => r.data.status === 403 && otherForbiddenCause(r.data.msDiagnostics));
    if (textOnly.length && !other403) {
      return {
        status: 'fail',
        problems: textOnly.map((e) => ({ messageId: translated.includes(e) ? 'translatedText' : 'clientText', data: { clientError: quoteError(e) }, evidence: [e, ...accounts.filter((x) => x.data.userAgent)], confidence: 'inferred' as const, remediation: remediationFor(a, server, online) })),
      };
    }
    if (registers.some((r) => r.data.status !== undefined) || errors.length) return { status: 'pass' };
    return { status: 'inconclusive', reason: 'no REGISTER answer was observed' };
  },
});
