import { describe, expect, it } from 'vitest';
import { Resolver } from 'node:dns/promises';
import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { ROOT_CAUSES, ROOT_CAUSE_IDS } from '../rules/root-causes.js';
import { RESOLVER_MODES, SCENARIOS, startLab, UnknownScenarioError } from './index.js';

/** active handles and requests, counted by type */
function resources(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

/** resource types of which there are more now than before */
function leaked(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...after].filter(([k, n]) => n > (before.get(k) ?? 0)).map(([k, n]) => `${k} x${n - (before.get(k) ?? 0)}`);
}

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 30));
}

describe('scenario catalogue', () => {
  it('has at least 20 scenarios with unique names and one-sentence descriptions', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(SCENARIOS.map((s) => s.name)).size).toBe(SCENARIOS.length);
    for (const s of SCENARIOS) {
      expect(s.description).toMatch(/^\S[^\n]*\.$/);
      expect(s.sipeShows.length).toBeGreaterThan(0);
    }
  });

  it('covers every server-side root cause, plus healthy', () => {
    const covered = new Set(SCENARIOS.map((s) => s.expectedRootCause));
    const serverSide = ROOT_CAUSE_IDS.filter((id) => ROOT_CAUSES[id].serverSide);
    expect(serverSide.filter((id) => !covered.has(id))).toEqual([]);
    expect(covered.has(null)).toBe(true);
    for (const s of SCENARIOS) if (s.expectedRootCause) expect(ROOT_CAUSE_IDS).toContain(s.expectedRootCause);
  });

  it('never uses a domain that could resolve on the real Internet', () => {
    for (const s of SCENARIOS) expect(s.domain).toMatch(/\.(example|test|invalid)$/);
  });

  it('rejects an unknown scenario name', async () => {
    await expect(startLab({ scenario: 'nope' })).rejects.toBeInstanceOf(UnknownScenarioError);
  });
});

describe('every scenario starts and stops without leaking handles', () => {
  it.each(SCENARIOS.map((s) => s.name))('%s', async (name) => {
    await settle();
    const before = resources();
    const lab = await startLab({ scenario: name });
    expect(lab.scenario).toBe(name);
    expect(lab.dns.port).toBeGreaterThan(0);
    expect(lab.checkArgs.slice(0, 5)).toEqual([lab.user, '--dns-server', `127.0.0.1:${lab.dns.port}`, '--ca', lab.caFile]);
    expect(lab.checkArgs).toContain(`443=${lab.https},80=${lab.http}`);
    expect(lab.checkArgs.includes('--server')).toBe(lab.pidginServer !== '');
    expect(lab.checkArgs.join(' ')).not.toContain(lab.clientPassword);
    expect(lab.checkEnv).toEqual({ SIPE_DOCTOR_PASSWORD: lab.clientPassword });
    expect(lab.sip.tls ?? lab.sip.tcp).toBeGreaterThan(0);
    // the DNS server answers for the domain (SOA at the apex), unless the scenario's resolver is off-network
    const r = new Resolver({ timeout: 300, tries: 1 });
    r.setServers([`127.0.0.1:${lab.dns.port}`]);
    const expected = { normal: undefined, closed: 'ECONNREFUSED', timeout: 'ETIMEOUT', 'nxdomain-all': 'ENOTFOUND', refused: 'EREFUSED' }[lab.definition.zone.resolver ?? 'normal'];
    if (expected) await expect(r.resolveSoa(lab.domain)).rejects.toMatchObject({ code: expected });
    else await expect(r.resolveSoa(lab.domain)).resolves.toMatchObject({ nsname: `ns.${lab.domain}` });
    r.cancel();
    await lab.stop();
    await lab.stop(); // idempotent
    await settle();
    expect(leaked(before, resources())).toEqual([]);
  });
});

describe('off-network resolver modes (startLab resolver option)', () => {
  it.each(RESOLVER_MODES.filter((m) => m !== 'normal'))('%s: the same deployment, a resolver that tells nothing about it', async (mode) => {
    const lab = await startLab({ scenario: 'healthy', resolver: mode });
    try {
      expect(lab.definition.zone.resolver).toBe(mode);
      expect(lab.definition.zone.records.length).toBeGreaterThan(0);
      const r = new Resolver({ timeout: 300, tries: 1 });
      r.setServers([`127.0.0.1:${lab.dns.port}`]);
      const code = { closed: 'ECONNREFUSED', timeout: 'ETIMEOUT', 'nxdomain-all': 'ENOTFOUND', refused: 'EREFUSED' }[mode];
      await expect(r.resolveSrv('_sipinternaltls._tcp.corp.example')).rejects.toMatchObject({ code });
      r.cancel();
      // a silent resolver gets a short printed --timeout
      if (mode === 'timeout') expect(lab.checkArgs.join(' ')).toContain('--timeout 1000ms');
    } finally {
      await lab.stop();
    }
  });
});

describe('scenario wiring', () => {
  it('healthy: SRV points at the registrar TLS port, which presents a certificate valid for the pool', async () => {
    const lab = await startLab({ scenario: 'healthy' });
    try {
      const r = new Resolver({ timeout: 1000, tries: 1 });
      r.setServers([`127.0.0.1:${lab.dns.port}`]);
      const [srv] = await r.resolveSrv('_sipinternaltls._tcp.corp.example');
      expect(srv).toMatchObject({ name: 'pool.corp.example', port: lab.sip.tls });
      const ok = await new Promise<string>((resolve) => {
        const s = tlsConnect({ host: '127.0.0.1', port: srv!.port, servername: 'pool.corp.example', ca: lab.caPem }, () => {
          s.destroy();
          resolve('ok');
        });
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      });
      expect(ok).toBe('ok');
      expect(lab.pidginServer).toBe(`127.0.0.1:${lab.sip.tls}`);
    } finally {
      await lab.stop();
    }
  });

  it('tcp-connect-refused: the SRV port refuses connections', async () => {
    const lab = await startLab({ scenario: 'tcp-connect-refused' });
    try {
      const r = new Resolver({ timeout: 1000, tries: 1 });
      r.setServers([`127.0.0.1:${lab.dns.port}`]);
      const [srv] = await r.resolveSrv('_sipinternaltls._tcp.corp.example');
      const code = await new Promise<string>((resolve) => {
        const s = tcpConnect(srv!.port, '127.0.0.1', () => { s.destroy(); resolve('connected'); });
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? ''));
      });
      expect(code).toBe('ECONNREFUSED');
    } finally {
      await lab.stop();
    }
  });

  it('tcp-connect-timeout: the port accepts but the TLS handshake never completes', async () => {
    const lab = await startLab({ scenario: 'tcp-connect-timeout' });
    try {
      const outcome = await new Promise<string>((resolve) => {
        const s = tlsConnect({ host: '127.0.0.1', port: lab.aux.stall, rejectUnauthorized: false });
        const t = setTimeout(() => { s.destroy(); resolve('timeout'); }, 500);
        s.on('secureConnect', () => { clearTimeout(t); s.destroy(); resolve('handshake'); });
        s.on('error', () => { clearTimeout(t); resolve('error'); });
      });
      expect(outcome).toBe('timeout');
    } finally {
      await lab.stop();
    }
  });

  it.each([
    ['tls-hostname-mismatch', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['tls-certificate-expired', 'CERT_HAS_EXPIRED'],
    ['tls-untrusted-certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['tls-missing-intermediate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['tls-handshake-failed', 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'],
  ])('%s: the registrar TLS port fails verification with %s', async (name, code) => {
    const lab = await startLab({ scenario: name });
    try {
      const got = await new Promise<string>((resolve) => {
        const s = tlsConnect({ host: '127.0.0.1', port: lab.sip.tls!, servername: 'pool.corp.example', ca: lab.caPem }, () => {
          s.destroy();
          resolve('ok');
        });
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      });
      expect(got).toBe(code);
    } finally {
      await lab.stop();
    }
  });

  it('tls-port-speaks-tcp: the TLS target answers clear-text SIP, so the handshake fails at once', async () => {
    const lab = await startLab({ scenario: 'tls-port-speaks-tcp' });
    try {
      expect(lab.sip.tls).not.toBe(lab.sip.tcp);
      const got = await new Promise<string>((resolve) => {
        const s = tlsConnect({ host: '127.0.0.1', port: lab.sip.tls!, ca: lab.caPem, servername: 'pool.corp.example' }, () => resolve('ok'));
        const t = setTimeout(() => { s.destroy(); resolve('timeout'); }, 3000);
        s.on('error', (e: NodeJS.ErrnoException) => { clearTimeout(t); resolve(e.code ?? 'error'); });
      });
      expect(got).toBe('ERR_SSL_WRONG_VERSION_NUMBER');
    } finally {
      await lab.stop();
    }
  });
});
