import type { Observation } from '../../evidence/kinds.js';
import { defineRule } from '../types.js';
import type { Problem } from '../types.js';
import { accountOf } from '../../evidence/derive/account.js';
import type { EvidenceSet } from '../../evidence/set.js';
import { progressOf } from '../../evidence/derive/progress.js';
import { hostOf, inDomain, isSfbOnlineHost, normalizeHost } from '../../protocol/hosts.js';

/** A sign that the sign-in attempt failed (a final REGISTER rejection, a failed connection or handshake). */
function isFailure(o: Observation): boolean {
  switch (o.kind) {
    case 'sip.register': return (o.data.outcome === 'rejected' || o.data.outcome === 'no-response' || o.data.outcome === 'closed' || o.data.outcome === 'error');
    case 'tcp.connect': return o.data.purpose !== 'http' && o.data.outcome !== 'ok';
    case 'tls.handshake': return o.data.purpose !== 'http' && o.data.outcome !== 'ok';
    case 'transport.event': return o.data.event === 'disconnected' || o.data.event === 'read-error' || o.data.event === 'write-error';
    default: return false;
  }
}

/** Did SIPE connect to (or register at) the foreign target after the SRV answer named it? */
function usedTarget(ev: EvidenceSet, after: Observation, target: string): boolean {
  const list = ev.list();
  const hostIs = (h: string | undefined): boolean => h !== undefined && normalizeHost(hostOf(h)) === target;
  return list.slice(Math.max(0, list.indexOf(after))).some((o) =>
    ((o.kind === 'tcp.connect' || o.kind === 'tls.handshake') && o.data.purpose !== 'http' && hostIs(o.data.host)) ||
    (o.kind === 'transport.event' && o.data.event === 'connect' && hostIs(o.data.host)) ||
    (o.kind === 'discovery.event' && o.data.event === 'candidate' && hostIs(o.data.host)) ||
    (o.kind === 'sip.register' && hostIs(o.data.registrar)));
}

export default defineRule({
  meta: {
    id: 'dns/foreign-srv-target',
    category: 'dns',
    rootCause: 'dns-srv-foreign-domain',
    severity: 'warning',
    title: 'SRV records point into the SIP domain',
    failureTitle: 'An SRV record points outside the SIP domain',
    description: 'Lync and Skype for Business require an SRV record to point at a host in the same domain (strict DNS naming); a target in another domain is refused by Microsoft clients and often fails the certificate check.',
    messages: {
      foreign: 'The SRV record {srv} points at {target}, which is outside the SIP domain {domain}.',
      foreignRefused: 'The SRV record {srv} points at {target}, a server outside the SIP domain {domain}, and the sign-in failed there: that pool is not the one that hosts {domain}.',
    },
    remediation: {
      summary: 'Point the SRV record at a host name inside the SIP domain.',
      steps: ['Ask the DNS administrator to point the SRV record at a name in the SIP domain (e.g. sip.<domain>) that is an A or CNAME record for the server, and to add that name to the server certificate.'],
      audience: 'admin',
    },
    requires: ['client.account', 'dns.lookup', 'discovery.event', 'transport.event', 'tcp.connect', 'tls.handshake', 'sip.register', 'auth.event', 'client.error'],
  },
  check(ev) {
    const a = accountOf(ev);
    const srvs = ev.all('dns.lookup').filter((l) => l.data.type === 'SRV' && l.data.outcome === 'ok' && l.data.answers.some((x) => x.target));
    const fromLog = ev.all('discovery.event').filter((d) => d.data.via === 'srv' && d.data.host);
    const domain = a.domain ?? srvs.map((l) => /^_[^.]+\._[^.]+\.(.+)$/.exec(normalizeHost(l.data.name))?.[1]).find(Boolean);
    if (!domain) return { status: 'inconclusive', reason: 'the SIP domain is not known' };
    if (!srvs.length && !fromLog.length) return { status: 'inconclusive', reason: 'no SRV answer was observed' };
    const failedAttempt = !progressOf(ev).signedIn && (ev.all('client.error').length > 0 || ev.list().some(isFailure));
    const problems: Problem<'foreign' | 'foreignRefused'>[] = [];
    const seen = new Set<string>();
    const add = (srvName: string, target: string, port: number | undefined, obs: Observation): void => {
      const t = normalizeHost(target);
      if (seen.has(t) || inDomain(t, domain) || isSfbOnlineHost(t)) return;
      seen.add(t);
      // blocking when SIPE went to the foreign pool and the attempt failed there; a warning when it
      // signed in anyway or never used that target
      const blocking = failedAttempt && usedTarget(ev, obs, t);
      const newName = `sip.${domain}`;
      problems.push({
        messageId: blocking ? 'foreignRefused' : 'foreign', data: { srv: srvName, target: t, domain }, evidence: [obs],
        severity: blocking ? 'error' : 'warning', confidence: 'confirmed',
        remediation: {
          summary: `Point ${srvName} at a host in ${domain} instead of ${t}.`,
          ...(blocking
            ? {
              // the foreign pool refused this user: it is not their pool, so do not suggest it as Server
              steps: [`Ask the DNS administrator to point ${srvName} at the pool that hosts ${domain}'s users, under a name in ${domain} (e.g. ${newName}) that the server certificate lists.`,
                `Meanwhile set Server[:Port] on the Advanced tab to your own pool's server (ask the administrator for its name and port; not ${t}).`],
              audience: 'admin' as const,
              adminActions: [`${srvName}. 86400 IN SRV 0 0 ${port ?? 5061} ${newName}.`, `${newName}. 86400 IN A <address of the pool that hosts ${domain}>`],
            }
            : {
              steps: [`Ask the DNS administrator to create ${newName} (CNAME ${t}. or an A record) and point the SRV record at it; the server certificate must list ${newName}.`, `Meanwhile set Server[:Port] on the Advanced tab to ${t}:${port ?? 5061}.`],
              audience: 'admin' as const,
              adminActions: [`${srvName}. 86400 IN SRV 0 0 ${port ?? 5061} ${newName}.`, `${newName}. 86400 IN CNAME ${t}.`],
              settings: [{ field: 'Server[:Port]', key: 'server', value: `${t}:${port ?? 5061}`, tab: 'Advanced' as const }],
            }),
        },
      });
    };
    for (const l of srvs) for (const ans of l.data.answers) if (ans.target) add(l.data.name, ans.target, ans.port, l);
    for (const d of fromLog) {
      // the log names only the target; the port tells which service name SIPE was on
      const name = d.data.detail?.startsWith('_') ? d.data.detail : d.data.port === 443 ? `_sip._tls.${domain}` : `_sipinternaltls._tcp.${domain}`;
      add(name, d.data.host ?? '', d.data.port, d);
    }
    return problems.length ? { status: 'fail', problems } : { status: 'pass' };
  },
});
