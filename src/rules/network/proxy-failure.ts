import type { Observation } from '../../evidence/kinds.js';
import { defineRule } from '../types.js';
import { progressOf } from '../../evidence/derive/progress.js';

export default defineRule({
  meta: {
    id: 'network/proxy-failure',
    category: 'network',
    rootCause: 'proxy-failed',
    severity: 'error',
    title: 'The configured proxy works',
    failureTitle: 'The proxy refused or failed the connection',
    description: 'Pidgin sends SIPE\'s SIP and HTTP connections through the account or global proxy. A proxy that needs a login, refuses CONNECT to the SIP port or is unsupported makes every connection fail, and SIPE then only says "SSL Connection Failed".',
    messages: {
      authRequired: 'The {proxyType} proxy {proxy} requires authentication (HTTP {status}).',
      rejected: 'The {proxyType} proxy {proxy} refused to connect to the server{detail}.',
      failed: 'Connecting through the {proxyType} proxy {proxy} failed{detail}.',
    },
    remediation: {
      summary: 'Fix or bypass the proxy for this account.',
      steps: [
        'In Pidgin open Accounts → Manage Accounts → Modify → Proxy and choose "No Proxy" if the server is reachable directly, or enter the proxy user name and password.',
        'Check Tools → Preferences → Proxy for the global setting ("Use environmental settings" picks up http_proxy).',
        'Ask the proxy administrator to allow CONNECT to the SIP server on port 443/5061.',
      ],
      audience: 'user',
    },
    requires: ['proxy.event', 'tcp.connect', 'transport.event', 'tls.handshake', 'sip.register', 'client.error'],
  },
  check(ev) {
    const proxies = ev.all('proxy.event');
    const viaProxy = ev.all('tcp.connect').filter((c) => c.data.proxy && c.data.outcome !== 'ok');
    const failed: Observation[] = [...proxies.filter((p) => p.data.outcome !== 'ok'), ...viaProxy];
    if (!proxies.length && !ev.all('tcp.connect').some((c) => c.data.proxy)) return { status: 'not-applicable', reason: 'no proxy was used' };
    if (!failed.length) return { status: 'pass' };
    return {
      status: 'fail',
      problems: failed.map((o) => {
        const survived = progressOf(ev).progressedAfter(o);
        const base = { evidence: [o], severity: survived ? 'warning' as const : 'error' as const, confidence: 'confirmed' as const };
        if (o.kind === 'proxy.event') {
          const proxy = o.data.host ? `${o.data.host}${o.data.port ? `:${o.data.port}` : ''}` : '(configured)';
          const proxyType = o.data.proxyType ?? 'HTTP';
          const detail = o.data.detail ? `: ${o.data.detail}` : o.data.status ? ` (HTTP ${o.data.status})` : '';
          if (o.data.outcome === 'auth-required' || o.data.status === 407) return { messageId: 'authRequired', data: { proxyType, proxy, status: o.data.status ?? 407 }, ...base };
          if (o.data.outcome === 'rejected') return { messageId: 'rejected', data: { proxyType, proxy, detail }, ...base };
          return { messageId: 'failed', data: { proxyType, proxy, detail }, ...base };
        }
        return { messageId: 'failed', data: { proxyType: 'configured', proxy: (o.kind === 'tcp.connect' && o.data.proxy) || '(configured)', detail: o.kind === 'tcp.connect' ? ` (${o.data.outcome})` : '' }, ...base };
      }),
    };
  },
});
