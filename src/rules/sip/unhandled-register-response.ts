import { defineRule } from '../types.js';
import type { Remediation } from '../types.js';
import { findDiagnostic, serverSaid, SIPE_HANDLED_REGISTER_STATUSES } from '../../protocol/sip-status.js';
import { splitHostPort } from '../../protocol/hosts.js';

function remediationFor(status: number, contact: string | undefined): Remediation | undefined {
  if (status >= 300 && status < 400 && contact) {
    const m = /^<?sips?:([^;>]+)/i.exec(contact);
    const hp = m?.[1] ? splitHostPort(m[1].includes('@') ? m[1].slice(m[1].indexOf('@') + 1) : m[1]) : undefined;
    if (hp?.host) {
      const value = `${hp.host}:${hp.port ?? 5061}`;
      return {
        summary: `Set Server[:Port] to ${value}, where the server redirects SIPE.`,
        steps: [`SIPE does not follow a ${status} redirect. In Pidgin open Accounts → Manage Accounts → Modify → Advanced and set "Server[:Port]" to ${value}.`],
        audience: 'user',
        settings: [{ field: 'Server[:Port]', key: 'server', value, tab: 'Advanced' }],
      };
    }
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'sip/unhandled-register-response',
    category: 'sip',
    rootCause: 'register-unhandled-response',
    severity: 'error',
    title: 'REGISTER gets an answer SIPE handles',
    failureTitle: 'REGISTER got an answer SIPE ignores, so the account hangs at Connecting',
    description: 'SIPE acts only on 200, 301, 401, 403, 404, 503 and 504 to REGISTER. Any other answer (302, 400, 480, 488 …) is ignored and the account stays at "Connecting" without an error.',
    messages: {
      ignored: 'The server answered REGISTER with {serverSaid}; SIPE ignores that answer, so the account stays at "Connecting".',
      redirect: 'The server redirected REGISTER ({serverSaid}) to {contact}; SIPE follows only 301, so the account stays at "Connecting".',
    },
    remediation: {
      summary: 'Give the administrator the answer code; for a redirect, enter the target server by hand.',
      steps: ['Show the administrator the status code and ms-diagnostics above: the server is refusing SIPE\'s REGISTER in a way SIPE does not report.', 'Check Server[:Port]: a server that is not a Lync/Skype for Business registrar can answer 400 or 480.'],
      audience: 'admin',
    },
    requires: ['sip.register'],
  },
  check(ev) {
    const regs = ev.all('sip.register');
    const answered = regs.filter((r) => r.data.status !== undefined && r.data.status >= 300);
    if (!regs.length) return { status: 'inconclusive', reason: 'no REGISTER was observed' };
    const odd = answered.filter((r) => !SIPE_HANDLED_REGISTER_STATUSES.has(r.data.status ?? 0) && !((r.data.status ?? 0) >= 500) && !findDiagnostic(r.data.msDiagnostics, 'user-not-found'));
    if (!odd.length) return { status: 'pass' };
    const r = odd[odd.length - 1]!;
    const status = r.data.status ?? 0;
    const rem = remediationFor(status, r.data.contact);
    const after = regs.slice(regs.indexOf(r) + 1).some((x) => x.data.outcome === 'registered');
    return {
      status: 'fail',
      problems: [{
        messageId: status >= 300 && status < 400 && r.data.contact ? 'redirect' : 'ignored',
        data: { serverSaid: serverSaid(r.data), ...(r.data.contact ? { contact: r.data.contact } : {}) },
        evidence: [r], severity: after ? 'warning' : 'error', confidence: 'confirmed', ...(rem ? { remediation: rem } : {}),
      }],
    };
  },
});
