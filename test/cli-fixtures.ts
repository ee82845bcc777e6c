/**
 * Hand-built reports and stub analyzer/engine for the CLI tests: the CLI plumbing and the
 * formatters are tested without depending on the real rules (tested on their own).
 */
import type { EvidenceBundle } from '../src/evidence/bundle.js';
import type { Observation } from '../src/evidence/kinds.js';
import type { Report } from '../src/report/types.js';
import type { DiagnoseOptions } from '../src/pipeline/diagnose.js';
import type { LogParseResult, LogSource } from '../src/logs/index.js';

const LOG = 'ua-blocked-403.pidgin-debug.log';

export function blockedReport(overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'sipe-doctor', version: '0.1.0' },
    run: { mode: 'log', inputs: [LOG], startedAt: '2025-01-15T10:00:00.000Z', durationMs: 42 },
    verdict: {
      rootCause: 'client-version-blocked',
      step: 'register',
      confidence: 'confirmed',
      summary: 'fe01.corp.example rejects the User-Agent "Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)" (403, ms-diagnostics 17002).',
      attempt: 'a1',
      outcome: 'failed',
    },
    findings: [
      {
        rootCause: 'client-version-blocked',
        ruleId: 'sip/client-version-blocked',
        severity: 'error',
        step: 'register',
        confidence: 'confirmed',
        title: 'Client version blocked by server policy',
        explanation:
          'The server fe01.corp.example answered REGISTER with 403 Forbidden, ms-diagnostics 17002 "Invalid protocol client version." ' +
          'and Warning 399 "You are currently not using the recommended version of the client". Its client version policy ' +
          'rejects the User-Agent SIPE sent: "Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)".',
        remediation: {
          summary: "Make SIPE send a User-Agent that the server's client version policy allows.",
          steps: ['Sign in again.'],
          audience: 'user',
          settings: [{ field: 'User Agent', key: 'useragent', value: 'UCCAPI/16.0.4351.1000 OC/16.0.4351.1000 (Skype for Business)', tab: 'Advanced' }],
          adminActions: ['Get-CsClientVersionPolicy | Select-Object -ExpandProperty Rules', 'Set-CsClientVersionPolicyRule -Identity "Global/<rule>" -Action Allow'],
        },
        evidence: [
          { id: 'o12', kind: 'sip.register', where: `${LOG}:224-234`, file: LOG, lines: [224, 234], summary: 'REGISTER → 403 Forbidden, ms-diagnostics 17002 "Invalid protocol client version."' },
          { id: 'o14', kind: 'client.error', where: `${LOG}:239`, file: LOG, lines: [239, 239], summary: 'Connection error (reason 7): You have been rejected by the server: You are currently not using the recommended version of the client' },
        ],
        attempt: 'a1',
        role: 'primary',
        docsUrl: 'https://github.com/sipe-doctor/sipe-doctor/blob/main/docs/rules/sip/client-version-blocked.md',
      },
      {
        rootCause: 'server-disconnected',
        ruleId: 'network/server-disconnected',
        severity: 'error',
        step: 'network',
        confidence: 'inferred',
        title: 'Server closed the connection',
        explanation: 'The connection to 127.0.0.1:5062 was dropped right after the 403.',
        remediation: { summary: 'Nothing to do: this follows from the rejected REGISTER.', steps: [], audience: 'user' },
        evidence: [{ id: 'o15', kind: 'transport.event', where: `${LOG}:244`, file: LOG, lines: [244, 244], summary: "sip_transport_drop '127.0.0.1:5062'" }],
        attempt: 'a1',
        role: 'consequence',
        docsUrl: 'https://github.com/sipe-doctor/sipe-doctor/blob/main/docs/rules/network/server-disconnected.md',
      },
      {
        rootCause: 'insecure-password-storage',
        ruleId: 'config/password-readable-by-others',
        severity: 'warning',
        step: 'client',
        confidence: 'confirmed',
        title: 'Password stored readable by others',
        explanation: 'accounts.xml stores the password in clear text and is readable by other users (mode 0644).',
        remediation: { summary: 'Make accounts.xml private: chmod 600 ~/.purple/accounts.xml', steps: ['chmod 600 ~/.purple/accounts.xml'], audience: 'user' },
        evidence: [{ id: 'o16', kind: 'client.account', where: 'config:accounts.xml', file: 'accounts.xml', summary: 'password stored; mode 0644' }],
        role: 'warning',
        docsUrl: 'https://github.com/sipe-doctor/sipe-doctor/blob/main/docs/rules/config/password-readable-by-others.md',
      },
    ],
    timeline: [
      { at: 'T23:38:56', step: 'dns', label: 'DNS SRV _sipinternaltls._tcp.corp.example → NXDOMAIN', status: 'info', peer: 'dns', evidence: ['o3'], attempt: 'a1' },
      { at: 'T23:38:56', step: 'network', label: 'TCP 127.0.0.1:5062 connected', status: 'ok', peer: '127.0.0.1:5062', evidence: ['o8'], attempt: 'a1' },
      { at: 'T23:38:56', step: 'register', label: 'REGISTER → 403 Forbidden | ms-diagnostics 17002', status: 'fail', peer: '127.0.0.1:5062', evidence: ['o12'], attempt: 'a1' },
    ],
    account: { signinName: 'alice@corp.example', server: '127.0.0.1:5062', sipeVersion: '1.25.0', userAgent: 'Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)' },
    evidence: {
      counts: { 'client.account': 1, 'dns.lookup': 2, 'tcp.connect': 1, 'sip.register': 1, 'client.error': 1, 'transport.event': 1 },
      attempts: 1,
      parseStats: { lines: 257, recognized: 60, files: [LOG], debugLines: 232, sipeLines: 90, messages: 2, generation: '1.24+', truncatedLines: 0, redactions: 0 },
      probeErrors: [],
    },
    ruleErrors: [],
    warnings: ['The log starts after Pidgin was started: earlier attempts may be missing.'],
    ...overrides,
  };
}

export function signedInReport(): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'sipe-doctor', version: '0.1.0' },
    run: { mode: 'log', inputs: ['ok.log'], startedAt: '2025-01-15T10:00:00.000Z', durationMs: 7 },
    verdict: { rootCause: null, step: null, confidence: null, summary: 'The last attempt registered with fe01.corp.example (200 OK).', attempt: 'a1', outcome: 'signed-in' },
    findings: [],
    timeline: [{ at: 'T10:11:12', step: 'register', label: 'REGISTER → 200 OK', status: 'ok', evidence: ['o4'], attempt: 'a1' }],
    evidence: { counts: { 'sip.register': 1 }, attempts: 1, probeErrors: [] },
    ruleErrors: [],
    warnings: [],
  };
}

const DEBUG_LINE = /^\(\d{2}:\d{2}:\d{2}\) [^\s:]+:/;

/** The lines of a bytes source (UTF-8, LF / CRLF), numbered from 1. */
async function* linesOf(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<{ no: number; text: string }> {
  let rest = '';
  let no = 0;
  for await (const chunk of bytes) {
    const parts = (rest + Buffer.from(chunk).toString('utf8')).split(/\r?\n/);
    rest = parts.pop() ?? '';
    for (const text of parts) yield { no: ++no, text };
  }
  if (rest !== '') yield { no: ++no, text: rest };
}

/** Stub of src/logs parseLogSources: counts lines; a 403 line becomes a sip.register observation. */
export async function stubParseLogSources(sources: readonly LogSource[]): Promise<LogParseResult> {
  const observations: Observation[] = [];
  const notDebugLog: string[] = [];
  let lines = 0;
  let debugLines = 0;
  for (const s of sources) {
    let debugHere = 0;
    for await (const line of s.lines ?? linesOf(s.bytes)) {
      lines += 1;
      if (DEBUG_LINE.test(line.text)) debugHere += 1;
      if (line.text.startsWith('SIP/2.0 403')) {
        observations.push({
          id: `o${observations.length + 1}`,
          kind: 'sip.register',
          attempt: 'a1',
          source: { type: 'log', file: s.name, lines: [line.no, line.no] },
          data: { status: 403, outcome: 'rejected', userAgent: 'Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)', registrar: 'alice@corp.example' },
        });
      }
    }
    if (debugHere === 0) notDebugLog.push(s.name);
    debugLines += debugHere;
  }
  const bundle: EvidenceBundle = {
    schemaVersion: 1,
    mode: 'log',
    target: sources.map((s) => s.name).join(', '),
    observations,
    probeErrors: [],
    parseStats: { lines, recognized: observations.length, files: sources.map((s) => s.name), debugLines, sipeLines: 0, messages: observations.length, truncatedLines: 0, redactions: 0 },
  };
  return { bundle, notDebugLog };
}

/** Stub engine: a 403 REGISTER → the blocked report, otherwise signed in; records its calls. */
export function stubEngine(extra: Partial<Report> = {}) {
  const calls: { bundle: EvidenceBundle; opts: DiagnoseOptions }[] = [];
  const diagnose = (bundle: EvidenceBundle, opts: DiagnoseOptions): Report => {
    calls.push({ bundle, opts });
    const blocked = bundle.observations.some((o) => o.kind === 'sip.register' && o.data.status === 403);
    const base = blocked ? blockedReport() : signedInReport();
    return {
      ...base,
      run: { mode: opts.mode, ...(opts.inputs ? { inputs: opts.inputs } : {}), startedAt: opts.startedAt, durationMs: opts.durationMs, ...(opts.partial ? { partial: true } : {}) },
      ...extra,
    };
  };
  return { diagnose, calls };
}
