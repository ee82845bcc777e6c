import type { Draft } from '../evidence/kinds.js';
import type { DnsResult, DnsType, ProbeContext } from './types.js';

export interface TimedDnsResult extends DnsResult {
  /** probe clock when the answer arrived */
  at: string;
}

/**
 * One lookup per (name, type) per run, shared by every probe: discovery fires all of them at once
 * and later steps (connect, HTTP) reuse the answers instead of asking again.
 */
export interface DnsCache {
  lookup(name: string, type: DnsType): Promise<TimedDnsResult>;
  /** first IPv4 address of an `ok` A answer */
  address(r: DnsResult): string | undefined;
}

export function createDnsCache(ctx: ProbeContext): DnsCache {
  const memo = new Map<string, Promise<TimedDnsResult>>();
  return {
    lookup(name, type) {
      const key = `${type} ${name.toLowerCase()}`;
      let p = memo.get(key);
      if (!p) {
        p = safeQuery(ctx, name, type);
        memo.set(key, p);
      }
      return p;
    },
    address(r) {
      return r.outcome === 'ok' ? r.answers.find((a) => a.address)?.address : undefined;
    },
  };
}

async function safeQuery(ctx: ProbeContext, name: string, type: DnsType): Promise<TimedDnsResult> {
  ctx.progress({ phase: 'start', step: `DNS ${type} ${name}` });
  let r: DnsResult;
  try {
    r = await ctx.net.dns.query(name, type, ctx.opSignal());
  } catch (e) {
    r = { name, type, outcome: ctx.signal.aborted ? 'timeout' : 'error', answers: [], server: 'unknown', error: errText(e) };
  }
  ctx.progress({ phase: 'done', step: `DNS ${type} ${name}`, detail: describe(r), ok: r.outcome === 'ok' });
  return { ...r, at: ctx.now().toISOString() };
}

function describe(r: DnsResult): string {
  if (r.outcome !== 'ok') return r.outcome.toUpperCase();
  return r.answers.map((a) => (a.target ? `${a.target}:${a.port ?? '?'}` : a.address ?? '?')).join(', ');
}

export function dnsDraft(r: TimedDnsResult): Draft<'dns.lookup'> {
  return {
    kind: 'dns.lookup',
    at: r.at,
    data: {
      name: r.name,
      type: r.type,
      outcome: r.outcome,
      answers: r.answers.map((a) => ({ ...a })),
      ...(r.cnames && r.cnames.length ? { cnames: [...r.cnames] } : {}),
      server: r.server,
      ...(r.error ? { error: r.error } : {}),
    },
  };
}

export function errText(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' && !e.message.includes(code) ? `${code}: ${e.message}` : e.message;
  }
  return String(e);
}
