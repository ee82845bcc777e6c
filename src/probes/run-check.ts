/**
 * `sipe-doctor check user@corp.example`: walk SIPE 1.25's sign-in path live and record what
 * happens as the same observations the log analyzer produces. Network failures are evidence, never
 * exceptions; the whole run is bounded by the budget and by per-operation timeouts.
 */
import { stampDrafts, type EvidenceBundle } from '../evidence/bundle.js';
import { parseServerSetting, parseSigninAddress } from '../protocol/account-settings.js';
import { isIpLiteral } from '../protocol/hosts.js';
import { SIPE_DEFAULT_USER_AGENT } from '../protocol/user-agents.js';
import type { Draft } from '../evidence/kinds.js';
import { connectCandidate } from './connect.js';
import { makeCsr } from './csr.js';
import { abortReason, createProbeRecorder } from './recorder.js';
import { DEFAULT_PORT, effectiveTransport, type Candidate } from '../protocol/discovery.js';
import { discoverAll, domainContext, sipeChain } from './discovery.js';
import { createDnsCache, dnsDraft, type DnsCache, type TimedDnsResult } from './dns.js';
import { runRegister } from './register.js';
import { newDialogIds } from './register-request.js';
import { redirectTarget, type RegisterSession } from './register-transaction.js';
import type { CheckOptions, Conn, NetPorts, ProbeContext, RunEnv } from './types.js';
import { negotiateUserAgent } from './ua-negotiation.js';
import { watchRegistration } from './watch.js';

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_BUDGET_MS = 30_000;

export interface CheckRun {
  bundle: EvidenceBundle;
  /** stopped early (budget used up or interrupted) */
  partial: boolean;
  partialReason?: string;
  /** the candidate SIPE would end up on */
  endedOn?: Candidate;
  /** User-Agent the version filter accepted in negotiation */
  acceptedUserAgent?: string;
  durationMs: number;
}

const defaultEnv = (): RunEnv => ({
  now: () => new Date(),
  monotonicMs: () => performance.now(),
  randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
  makeCsr,
});

/** The programmatic entry point (also used by the demo): evidence only, no diagnosis. */
export async function runCheck(target: string, options: CheckOptions, ports: NetPorts, env?: Partial<RunEnv>): Promise<EvidenceBundle> {
  return (await runCheckDetailed(target, options, ports, env)).bundle;
}

interface Connected {
  cand: Candidate;
  conn: Conn;
  certFailed: boolean;
}

export async function runCheckDetailed(target: string, options: CheckOptions, ports: NetPorts, envIn?: Partial<RunEnv>): Promise<CheckRun> {
  const env: RunEnv = { ...defaultEnv(), ...envIn };
  const parsed = parseSigninAddress(target);
  const t = parsed.ok ? { address: parsed.address, user: parsed.user, domain: parsed.domain } : { address: target, user: '', domain: '' };
  const rec = createProbeRecorder({
    target: t,
    net: ports,
    env,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    budgetMs: options.budgetMs ?? DEFAULT_BUDGET_MS,
    userSignal: options.signal,
  });
  const ctx = rec.ctx;
  const ua = options.userAgent?.trim() || SIPE_DEFAULT_USER_AGENT;
  const run: Omit<CheckRun, 'bundle' | 'durationMs'> = { partial: false };

  ctx.emit(accountDraft(target, t.domain, options, ua), 'account');
  try {
    if (parsed.ok) await walk(ctx, env, t.domain, options, ua, run);
    else ctx.progress({ phase: 'done', step: 'sign-in address', detail: `"${target}" ${parsed.reason}: ${parsed.sipeRefuses ? 'SIPE refuses it before any network traffic' : 'not a domain discovery can look up'}`, ok: false });
  } catch (e) {
    // a bug, not a network failure: keep the evidence gathered so far
    rec.probeErrors.push({ probe: 'check', message: e instanceof Error ? e.message : String(e), affects: [] });
  } finally {
    rec.dispose();
  }
  if (ctx.signal.aborted) {
    run.partial = true;
    run.partialReason = abortReason(ctx.signal);
    ctx.note(`check stopped early (${run.partialReason}); the evidence is partial.`);
    const stopped = rec.stopped();
    // the step that was cut off is named, so no rule reads its unanswered wait as the server's fault
    if (stopped) ctx.emit({ kind: 'check.stopped', data: stopped }, 'check');
  }
  const bundle: EvidenceBundle = {
    schemaVersion: 1,
    mode: 'live',
    target: parsed.ok ? t.address : target,
    observations: stampDrafts(rec.drafts, { type: 'probe', probe: 'check' }),
    probeErrors: rec.probeErrors,
    ...(rec.notes.length ? { notes: [...rec.notes] } : {}),
  };
  return { ...run, bundle, durationMs: ctx.elapsedMs() };
}

function accountDraft(raw: string, domain: string, o: CheckOptions, ua: string): Draft<'client.account'> {
  return {
    kind: 'client.account',
    source: { type: 'probe', probe: 'account' },
    data: {
      signinName: raw.trim().replace(/^sip:/i, ''),
      login: o.login ?? '',
      ...(domain ? { domain } : {}),
      server: o.server ?? '',
      ...(o.transport ? { transport: o.transport } : {}),
      ...(o.authentication ? { authentication: o.authentication } : {}),
      userAgent: o.userAgent ?? '',
      userAgentSent: ua,
    },
  };
}

async function walk(ctx: ProbeContext, env: RunEnv, domain: string, o: CheckOptions, ua: string, run: Omit<CheckRun, 'bundle' | 'durationMs'>): Promise<void> {
  const dns = createDnsCache(ctx);
  const emitted = new Set<string>();
  const emitLookup = (r: TimedDnsResult): void => {
    const key = `${r.type} ${r.name.toLowerCase()}`;
    if (emitted.has(key)) return;
    emitted.add(key);
    ctx.emit(dnsDraft(r), 'dns');
  };
  const tryOne = (cand: Candidate): Promise<Connected | undefined> => tryCandidate(ctx, dns, cand, o, emitLookup);

  let connected: Connected | undefined;
  let lateLookups: TimedDnsResult[] = [];
  if (o.server?.trim()) {
    const s = parseServerSetting(o.server);
    const transport = effectiveTransport(o.transport);
    if (!s) {
      ctx.emit({ kind: 'discovery.event', data: { event: 'user-specified', detail: `Server field "${o.server}" is not host[:port]` } }, 'discovery');
      return;
    }
    const cand: Candidate = { host: s.host, port: s.port ?? DEFAULT_PORT[transport], transport, via: 'server-setting' };
    ctx.emit({ kind: 'discovery.event', data: { event: 'user-specified', host: cand.host, port: cand.port, transport, via: 'server-setting' } }, 'discovery');
    connected = await tryOne(cand);
  } else {
    const plan = await discoverAll(ctx, dns, { address: `${ctx.target.address}`, user: ctx.target.user, domain }, { transport: o.transport, userAgent: ua });
    for (const ev of sipeChain(plan, ctx.target, o.transport)) {
      if (ctx.signal.aborted) break;
      if (ev.type === 'lookup') emitLookup(ev.result);
      else if (ev.type === 'autodiscover') for (const r of ev.result.responses) ctx.emit(r, 'autodiscover');
      else if (ev.type === 'milestone') {
        ctx.emit({ kind: 'discovery.event', data: { event: ev.event, ...(ev.event === 'a-none' ? { host: domain } : {}), ...(ev.detail ? { detail: ev.detail } : {}) } }, 'discovery');
      } else {
        connected = await tryOne(ev.candidate);
        if (connected) break;
      }
    }
    // lookups past the point where SIPE stopped: keep the informative (successful) ones only
    lateLookups = [...plan.srv.map((s) => s.result), ...plan.a.map((a) => a.result)].filter((r) => r.outcome === 'ok');
  }
  if (connected) await signIn(ctx, env, dns, connected, o, ua, run, tryOne);
  for (const r of lateLookups) emitLookup(r);
}

async function tryCandidate(
  ctx: ProbeContext,
  dns: DnsCache,
  cand: Candidate,
  o: CheckOptions,
  emitLookup: (r: TimedDnsResult) => void,
): Promise<Connected | undefined> {
  if (ctx.signal.aborted) return undefined;
  ctx.emit({ kind: 'discovery.event', data: { event: 'candidate', host: cand.host, port: cand.port, via: cand.via, transport: cand.transport, ...(cand.from ? { detail: `from ${cand.from}` } : {}) } }, 'discovery');
  let address = cand.host;
  if (!isIpLiteral(cand.host)) {
    const r = await dns.lookup(cand.host, 'A');
    emitLookup(r);
    const a = dns.address(r);
    if (!a) {
      ctx.emit({ kind: 'discovery.event', data: { event: 'unresolvable', host: cand.host, port: cand.port, via: cand.via, transport: cand.transport, detail: `A ${r.outcome}` } }, 'discovery');
      // a Server[:Port] host the resolver says does not exist: a typo, or a domain this resolver does not know?
      if (cand.via === 'server-setting' && (r.outcome === 'nxdomain' || r.outcome === 'nodata') && ctx.target.domain) {
        for (const c of await domainContext(dns, cand.host, ctx.target.domain)) emitLookup(c);
      }
      return undefined;
    }
    address = a;
  }
  ctx.emit({ kind: 'transport.event', data: { event: 'connect', host: cand.host, port: cand.port, transport: cand.transport } }, 'transport');
  const r = await connectCandidate(ctx, cand, address, { insecure: o.insecure === true });
  if (!r.connected || !r.conn) return undefined;
  ctx.emit({ kind: 'transport.event', data: { event: 'connected', host: cand.host, port: cand.port, transport: cand.transport, ...(r.insecure ? { detail: 'certificate not valid; continued because of --insecure' } : {}) } }, 'transport');
  return { cand, conn: r.conn, certFailed: r.certFailed };
}

async function signIn(
  ctx: ProbeContext,
  env: RunEnv,
  dns: DnsCache,
  first: Connected,
  o: CheckOptions,
  ua: string,
  run: Omit<CheckRun, 'bundle' | 'durationMs'>,
  tryOne: (c: Candidate) => Promise<Connected | undefined>,
): Promise<void> {
  let current: Connected | undefined = first;
  let redirected = false;
  const ids = newDialogIds(env.randomBytes);
  const open = (c: Connected): RegisterSession => {
    const channel = ctx.net.sip.channel(c.conn, c.cand.transport);
    return {
      channel,
      registrar: `${c.cand.host}:${c.cand.port}`,
      cseq: 0,
      random: env.randomBytes,
      dialog: { domain: ctx.target.domain, address: ctx.target.address, transport: c.cand.transport, local: channel.local, ...ids },
    };
  };
  while (current) {
    run.endedOn = current.cand;
    const session = open(current);
    const noCreds = credentialsWithheld(current);
    const reg = await runRegister(ctx, session, {
      userAgent: ua,
      authentication: o.authentication ?? 'auto',
      ...(o.login ? { login: o.login } : {}),
      ...(o.password ? { password: o.password } : {}),
      ...(noCreds ? { noCredentialsReason: noCreds } : {}),
      ...(env.makeCsr ? { makeCsr: (subject: string) => env.makeCsr!(subject) } : {}),
    });
    const last = reg.last.draft.data;
    if (last.outcome === 'registered' && (o.watchMs ?? 0) > 0 && !ctx.signal.aborted) await watchRegistration(ctx, session, o.watchMs ?? 0);
    if (reg.versionBlocked && o.negotiateUserAgent !== false && !ctx.signal.aborted) {
      const cand = current.cand;
      const neg = await negotiateUserAgent(ctx, session, {
        refused: ua,
        reopen: async () => {
          const again = await reconnectQuiet(ctx, dns, cand, o);
          return again ? open(again) : undefined;
        },
      });
      if (neg.accepted) run.acceptedUserAgent = neg.accepted;
    }
    session.channel.close();
    current = undefined;
    if (last.outcome === 'redirected' && last.status === 301 && !redirected) {
      // SIPE follows a 301 once to the home pool, with no discovery fallback
      redirected = true;
      const to = redirectTarget(last.contact);
      if (!to) break;
      // a redirect is only as trustworthy as the server that sent it
      const cand: Candidate = {
        host: to.host,
        port: to.port ?? DEFAULT_PORT[to.transport],
        transport: to.transport,
        via: 'redirect',
        ...(noCreds ? { unverifiedSource: `named by a 301 redirect from ${session.registrar}, where ${noCreds}` } : {}),
      };
      ctx.emit({ kind: 'transport.event', data: { event: 'redirected', host: cand.host, port: cand.port, transport: cand.transport, detail: `301 from ${session.registrar}` } }, 'transport');
      current = await tryOne(cand);
    }
  }
}

/**
 * Why no credential may be used on this connection, or undefined when every step to it verified:
 * plain TCP, a certificate accepted only because of --insecure, or a host named by an unverified peer.
 */
export function credentialsWithheld(c: { cand: Candidate; certFailed: boolean }): string | undefined {
  if (c.cand.transport === 'tcp') return `the SIP connection to ${c.cand.host}:${c.cand.port} is unencrypted TCP`;
  if (c.certFailed) return `the certificate of ${c.cand.host} failed validation (--insecure)`;
  if (c.cand.unverifiedSource) return `${c.cand.host} was ${c.cand.unverifiedSource}`;
  return undefined;
}

/** A second connection to the same candidate for UA negotiation, without new evidence of its own. */
async function reconnectQuiet(ctx: ProbeContext, dns: DnsCache, cand: Candidate, o: CheckOptions): Promise<Connected | undefined> {
  const address = isIpLiteral(cand.host) ? cand.host : dns.address(await dns.lookup(cand.host, 'A'));
  if (!address) return undefined;
  const tcp = await ctx.net.tcp.connect({ host: cand.host, address, port: cand.port, signal: ctx.opSignal() }).catch(() => undefined);
  if (!tcp?.conn) return undefined;
  if (cand.transport === 'tcp') return { cand, conn: tcp.conn, certFailed: false };
  const tls = await ctx.net.tls.handshake({ conn: tcp.conn, host: cand.host, port: cand.port, servername: cand.host, signal: ctx.opSignal() }).catch(() => undefined);
  const ok = tls?.outcome === 'ok' && tls.conn && ((!tls.verifyError && !tls.hostnameError) || o.insecure);
  if (!ok || !tls?.conn) {
    tls?.conn?.close();
    tcp.conn.close();
    return undefined;
  }
  return { cand, conn: tls.conn, certFailed: !!(tls.verifyError || tls.hostnameError) };
}
