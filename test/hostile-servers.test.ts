/**
 * Hostile and odd servers end in a finding and a non-zero exit within the budget, never in
 * "No root cause" with exit 0, and never with advice to run check from within check: a proxy that
 * closes every CONNECT (bounded retries, no reconnect storm), a proxy that never answers, a SIP
 * server sending a huge header, garbage, or an NTLM challenge over plain TCP, an autodiscover
 * server with a huge header or body. Ctrl-C during check prints the partial report and exits 130
 * (a real child process and a real SIGINT). Loopback only.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { startDnsServer } from '../src/lab/dns/server.js';
import { createFakeIo } from './helpers/fake-io.js';
import { ntlmChallengeB64, sipAnswer, startHttpServer, startSipServer } from './helpers/capture-servers.js';

const BIN = 'dist/bin/sipe-doctor.js';
const PASSWORD = 'Hostile-Pw-1!';
const running: { close(): Promise<void> }[] = [];
const keep = <T extends { close(): Promise<void> }>(s: T): T => (running.push(s), s);
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

interface JsonReport {
  verdict: { rootCause: string | null; outcome: string; summary: string };
  findings: { role: string; rootCause: string; ruleId: string; severity: string }[];
  run: { partial?: boolean };
  evidenceBundle: { observations: { kind: string }[] };
}

async function check(args: string[]): Promise<{ code: number; report: JsonReport; wallMs: number; all: string }> {
  const io = createFakeIo({ env: { SIPE_DOCTOR_PASSWORD: PASSWORD }, now: new Date() });
  const t0 = performance.now();
  const code = await main(['check', 'alice@corp.test', '--no-ua-negotiation', '--json', '--include-evidence', ...args], io);
  const wallMs = performance.now() - t0;
  return { code, report: JSON.parse(io.out()) as JsonReport, wallMs, all: io.out() + io.err() };
}

const causes = (r: JsonReport): string[] => r.findings.map((f) => f.rootCause);

function expectDiagnosed(r: { code: number; report: JsonReport; all: string }, cause: string): void {
  expect(causes(r.report), r.report.verdict.summary).toContain(cause);
  expect(r.code).toBe(1);
  expect(r.all).not.toMatch(/run `?sipe-doctor check/);
  expect(r.all).not.toContain(PASSWORD);
}

/** A TCP listener with a per-connection behaviour; counts connections. */
async function rawServer(onConn: (s: net.Socket) => void): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let n = 0;
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    n++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    onConn(s);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    port: (srv.address() as AddressInfo).port,
    connections: () => n,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => srv.close(() => r()));
    },
  };
}

async function autodiscoverDns(): Promise<number> {
  const names = ['lyncdiscoverinternal.corp.test', 'lyncdiscover.corp.test'];
  const dns = await startDnsServer({ zone: { origins: ['corp.test'], entries: names.map((name) => ({ name, type: 'A' as const, address: '127.0.0.1', ttl: 60 })), faults: [] } });
  running.push({ close: () => dns.stop() });
  return dns.port;
}

describe('hostile proxies', () => {
  it('a proxy that closes every CONNECT: bounded retries, proxy-failed, within the budget', async () => {
    const proxy = keep(await rawServer((s) => s.once('data', () => s.destroy())));
    const dns = await autodiscoverDns();
    const r = await check(['--dns-server', `127.0.0.1:${dns}`, '--proxy', `http://127.0.0.1:${proxy.port}`, '--timeout', '1500ms', '--budget', '6000ms']);
    expectDiagnosed(r, 'proxy-failed');
    // 4 autodiscover URLs, at most 3 CONNECTs each: no storm
    expect(proxy.connections()).toBeLessThanOrEqual(12);
    expect(r.wallMs).toBeLessThan(6000 + 2000);
  }, 20_000);

  it('a proxy that accepts and never answers: proxy-failed within the budget', async () => {
    const proxy = keep(await rawServer(() => undefined));
    const dns = await autodiscoverDns();
    const r = await check(['--dns-server', `127.0.0.1:${dns}`, '--proxy', `http://127.0.0.1:${proxy.port}`, '--timeout', '1000ms', '--budget', '4000ms']);
    expectDiagnosed(r, 'proxy-failed');
    expect(r.wallMs).toBeLessThan(4000 + 2000);
  }, 20_000);

  it('a silent proxy and a per-operation timeout longer than the budget: the budget holds', async () => {
    const proxy = keep(await rawServer(() => undefined));
    const dns = await autodiscoverDns();
    const r = await check(['--dns-server', `127.0.0.1:${dns}`, '--proxy', `http://127.0.0.1:${proxy.port}`, '--timeout', '20000ms', '--budget', '2500ms']);
    expect(r.code).toBe(1);
    expect(r.report.run.partial).toBe(true);
    expect(r.all).not.toMatch(/run `?sipe-doctor check/);
    expect(r.wallMs).toBeLessThan(2500 + 2000);
  }, 30_000);

  it('a proxy that answers CONNECT with an endless header: capped, proxy-failed', async () => {
    const proxy = keep(await rawServer((s) => s.once('data', () => {
      s.write('HTTP/1.1 200 OK\r\n');
      const chunk = `X-Junk: ${'a'.repeat(1000)}\r\n`.repeat(64);
      const pump = (): void => {
        while (!s.destroyed && s.write(chunk));
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    })));
    const dns = await autodiscoverDns();
    const r = await check(['--dns-server', `127.0.0.1:${dns}`, '--proxy', `http://127.0.0.1:${proxy.port}`, '--timeout', '1500ms', '--budget', '5000ms']);
    expectDiagnosed(r, 'proxy-failed');
    expect(r.wallMs).toBeLessThan(5000 + 2000);
  }, 20_000);
});

describe('hostile SIP servers', () => {
  it('an endless header on REGISTER: capped, a finding, within the budget', async () => {
    const sip = keep(await rawServer((s) => s.once('data', () => {
      s.write('SIP/2.0 401 Unauthorized\r\n');
      const chunk = `X-Junk: ${'b'.repeat(1000)}\r\n`.repeat(64);
      const pump = (): void => {
        while (!s.destroyed && s.write(chunk));
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    })));
    const r = await check(['--server', `127.0.0.1:${sip.port}`, '--transport', 'tcp', '--timeout', '2000ms', '--budget', '5000ms']);
    expectDiagnosed(r, 'server-error');
    expect(r.report.verdict.rootCause).toBe('server-error');
    expect(r.all).not.toMatch(/run `?sipe-doctor check/);
    expect(r.wallMs).toBeLessThan(5000 + 2000);
  }, 20_000);

  it('garbage instead of SIP: a finding, not "no root cause"', async () => {
    const sip = keep(await rawServer((s) => s.once('data', () => s.write(Buffer.from('\x16\x03\x01garbage \x00\xff\r\n\r\nmore garbage\r\n\r\n', 'latin1')))));
    const r = await check(['--server', `127.0.0.1:${sip.port}`, '--transport', 'tcp', '--timeout', '1500ms', '--budget', '5000ms']);
    expectDiagnosed(r, 'server-error');
    expect(r.all).not.toMatch(/run `?sipe-doctor check/);
  }, 20_000);

  it('an NTLM challenge over plain TCP: credentials-unprotected, nothing password-derived sent', async () => {
    const sip = keep(await startSipServer({
      script: (req) => sipAnswer(req, 401, 'Unauthorized', [req.header('Authorization')
        ? `WWW-Authenticate: NTLM opaque="1", gssapi-data="${ntlmChallengeB64()}", realm="SIP Communications Service", targetname="fe01", version=4`
        : 'WWW-Authenticate: NTLM realm="SIP Communications Service", targetname="fe01", version=4']),
    }));
    const r = await check(['--server', `127.0.0.1:${sip.port}`, '--transport', 'tcp', '--timeout', '1500ms', '--budget', '5000ms']);
    expectDiagnosed(r, 'credentials-unprotected');
    expect(r.report.verdict.rootCause).toBe('credentials-unprotected');
    expect(sip.sawCredential(PASSWORD)).toBe(false);
  }, 20_000);
});

describe('hostile autodiscover servers', () => {
  for (const [name, answer] of [
    ['a huge header', (res: net.Socket) => res.write(`HTTP/1.1 200 OK\r\nX-Junk: ${'c'.repeat(2_000_000)}\r\n\r\n`)],
    ['a huge body', (res: net.Socket) => res.write(`HTTP/1.1 200 OK\r\nContent-Type: application/vnd.microsoft.rtc.autodiscover+xml; v=1\r\nContent-Length: 50000000\r\n\r\n<AutodiscoverResponse>${'d'.repeat(3_000_000)}`)],
  ] as const) {
    it(`${name}: capped, the run ends within its budget with a finding`, async () => {
      const web = keep(await rawServer((s) => s.once('data', () => answer(s))));
      const dns = await autodiscoverDns();
      const r = await check(['--dns-server', `127.0.0.1:${dns}`, '--port-map', `80=${web.port},443=${web.port}`, '--timeout', '1500ms', '--budget', '5000ms']);
      expect(r.code).toBe(1);
      expect(r.report.verdict.rootCause, r.report.verdict.summary).not.toBeNull();
      expect(r.all).not.toMatch(/run `?sipe-doctor check/);
      expect(r.wallMs).toBeLessThan(5000 + 2000);
    }, 20_000);
  }
});

describe('Ctrl-C', () => {
  it('a real SIGINT during check prints the partial report and exits 130', async () => {
    expect(existsSync(BIN), `${BIN} missing: build first`).toBe(true);
    let sawRegister!: () => void;
    const registered = new Promise<void>((r) => (sawRegister = r));
    const sip = keep(await rawServer((s) => s.once('data', () => sawRegister()))); // reads REGISTER, never answers
    const child = spawn(process.execPath, [BIN, 'check', 'alice@corp.test', '--server', `127.0.0.1:${sip.port}`, '--transport', 'tcp', '--timeout', '20000ms', '--budget', '30000ms', '--json', '--include-evidence'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await Promise.race([registered, exited]);
    const t0 = performance.now();
    child.kill('SIGINT');
    const code = await exited;
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(code, err).toBe(130);
    const report = JSON.parse(out) as JsonReport;
    expect(report.run.partial).toBe(true);
    // the evidence gathered before the interrupt is in the report
    expect(report.evidenceBundle.observations.some((o) => o.kind === 'tcp.connect')).toBe(true);
    expect(report.evidenceBundle.observations.some((o) => o.kind === 'sip.register')).toBe(true);
    expect(err).toMatch(/interrupted/);
  }, 30_000);

  it('a real SIGINT while a silent proxy holds autodiscover: partial report, exit 130, at once', async () => {
    let sawConnect!: () => void;
    const connected = new Promise<void>((r) => (sawConnect = r));
    const proxy = keep(await rawServer(() => sawConnect()));
    const dns = await autodiscoverDns();
    const child = spawn(process.execPath, [BIN, 'check', 'alice@corp.test', '--dns-server', `127.0.0.1:${dns}`, '--proxy', `http://127.0.0.1:${proxy.port}`, '--timeout', '20000ms', '--budget', '30000ms', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await Promise.race([connected, exited]);
    const t0 = performance.now();
    child.kill('SIGINT');
    const code = await exited;
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(code, err).toBe(130);
    expect((JSON.parse(out) as JsonReport).run.partial).toBe(true);
  }, 30_000);
});
