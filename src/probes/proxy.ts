/**
 * A request that failed in the HTTP proxy (not at the server behind it) becomes one `proxy.event`
 * per proxy and outcome, so the proxy rule can name the proxy instead of blaming the server.
 */
import { proxyFailureOf } from './net-errors.js';
import type { ProbeContext } from './types.js';

const seen = new WeakMap<ProbeContext, Set<string>>();

/** true when `e` was a proxy failure (and it is now evidence) */
export function reportProxyFailure(ctx: ProbeContext, e: unknown): boolean {
  const p = proxyFailureOf(e);
  if (!p) return false;
  const keys = seen.get(ctx) ?? new Set<string>();
  seen.set(ctx, keys);
  const key = `${p.host}:${p.port} ${p.outcome} ${p.status ?? ''}`;
  if (keys.has(key)) return true;
  keys.add(key);
  ctx.emit({
    kind: 'proxy.event',
    data: { proxyType: 'HTTP', host: p.host, port: p.port, outcome: p.outcome, ...(p.status !== undefined ? { status: p.status } : {}), detail: p.detail },
  }, 'proxy');
  return true;
}
