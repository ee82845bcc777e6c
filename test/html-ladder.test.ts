/**
 * The HTML report's ladder and links (pure, no browser): only messages on the wire are arrows
 * between lanes, the certificate goes server → client, events inside the client are notes, lane
 * heads are distinct, the diagram fits 1280 px until lanes would get too narrow (then its box
 * scrolls), times read as the log has them, rule docs are real links; triage HTML folds each
 * file's evidence and steps.
 */
import { describe, expect, it } from 'vitest';
import { formatReport } from '../src/report/formatters/index.js';
import { displayTime, docLinks } from '../src/report/formatters/html.js';
import { laneHeads, ladderModel, renderLadder } from '../src/report/formatters/html-ladder.js';
import type { Report, TimelineEntry } from '../src/report/types.js';
import { blockedReport } from './cli-fixtures.js';

const entry = (e: Partial<TimelineEntry> & Pick<TimelineEntry, 'label'>): TimelineEntry => ({ step: 'network', status: 'info', evidence: [], ...e });

function withTimeline(timeline: TimelineEntry[]): Report {
  const r = blockedReport();
  return { ...r, verdict: { ...r.verdict, attempt: undefined as unknown as string }, timeline: timeline.map((t) => ({ ...t })) } as Report;
}

describe('ladder', () => {
  const report = withTimeline([
    entry({ kind: 'client.account', label: 'Account alice@corp.example', step: 'client' }),
    entry({ kind: 'discovery.event', label: 'Server candidate sip.corp.example:5061 (via SRV)', peer: 'sip.corp.example:5061', step: 'dns' }),
    entry({ kind: 'dns.lookup', label: 'DNS A sip.corp.example → 10.0.0.5', peer: 'dns', step: 'dns' }),
    entry({ kind: 'transport.event', label: 'SIP connection connect sip.corp.example:5061', peer: 'sip.corp.example:5061' }),
    entry({ kind: 'tcp.connect', label: 'TCP connect sip.corp.example:5061 → ok', peer: 'sip.corp.example:5061', status: 'ok' }),
    entry({ kind: 'tls.certificate', label: 'Certificate of sip.corp.example: CN=sip.corp.example', peer: 'sip.corp.example:5061', step: 'tls' }),
    entry({ kind: 'autodiscover.response', label: 'Autodiscover https://lyncdiscover.nowhere.example/ → unreachable (host does not resolve)', peer: 'lyncdiscover.nowhere.example:443' }),
  ]);

  it('arrows only for messages; the certificate comes from the server; the rest are notes', () => {
    const model = ladderModel(report);
    expect(model.lanes).toEqual(['Pidgin/SIPE', 'dns', 'sip.corp.example:5061']);
    const svg = renderLadder(report);
    const rows = [...svg.matchAll(/<g class="row[^"]*" data-row="(\d+)"[^>]*>([\s\S]*?)<\/g>\n?/g)].map((m) => ({ row: Number(m[1]), body: m[2] ?? '' }));
    const kindOf = (i: number): string | undefined => report.timeline[i]?.kind;
    for (const r of rows) {
      const k = kindOf(r.row);
      const arrow = r.body.includes('class="arrow');
      if (k === 'discovery.event' || k === 'transport.event' || k === 'client.account' || k === 'autodiscover.response') {
        expect(arrow, `${k} is drawn as a note`).toBe(false);
        expect(r.body).toContain('class="note"');
      } else {
        expect(arrow, `${k} is an arrow`).toBe(true);
      }
    }
    const cert = rows.find((r) => kindOf(r.row) === 'tls.certificate')!.body;
    const m = /class="arrow req from-server" x1="(\d+(?:\.\d+)?)" y1="\d+" x2="(\d+(?:\.\d+)?)"/.exec(cert);
    expect(m, 'certificate arrow').not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(Number(m![2])); // starts at the server, points at the client
  });

  it('lane heads stay distinct when two long host names would be cut alike', () => {
    const lanes = ['Pidgin/SIPE', 'lyncdiscoverinternal.verylongcompanyname.example:443', 'lyncdiscover.verylongcompanyname.example:443'];
    const heads = laneHeads(lanes, 150);
    expect(new Set(heads).size).toBe(3);
    for (const h of heads) expect(h.length).toBeLessThanOrEqual(Math.floor(150 / 7));
  });

  it('fits 1280 px with up to 7 lanes; more lanes keep a readable width and scroll in their box', () => {
    const hosts = (n: number): TimelineEntry[] => Array.from({ length: n }, (_, i) => entry({ kind: 'tcp.connect', label: `TCP connect host${i}.corp.example:5061 → ok`, peer: `host${i}.corp.example:5061`, status: 'ok' }));
    const width = (svg: string): number => Number(/<svg[^>]*width="(\d+)"/.exec(svg)?.[1]);
    expect(width(renderLadder(withTimeline(hosts(6))))).toBeLessThanOrEqual(1180);
    const wide = renderLadder(withTimeline(hosts(10)));
    expect(width(wide)).toBeGreaterThan(1180);
    const page = formatReport(withTimeline(hosts(10)), 'html', { color: false, verbose: false });
    expect(page).toMatch(/\.diagram\{overflow-x:auto/);
  });
});

describe('times and links', () => {
  it('times read as the log has them', () => {
    expect(displayTime('T23:38:56')).toBe('23:38:56');
    expect(displayTime('23:38:56')).toBe('23:38:56');
    expect(displayTime('2026-12-03T07:01:02.345Z')).toBe('2026-12-03 07:01:02.345');
    const page = formatReport(withTimeline([entry({ kind: 'tcp.connect', at: '23:38:56', label: 'TCP connect a:1 → ok', peer: 'a:1' })]), 'html', { color: false, verbose: false });
    expect(page).not.toMatch(/>T\d\d:\d\d/);
  });

  it('rule docs are links: to the shipped copy, and to the repository when known', () => {
    const html = docLinks('docs/rules/sip/blocked-client-version.md', { docsBase: 'file:///opt/sipe-doctor', repositoryUrl: 'https://example.org/sipe-doctor' });
    expect(html).toContain('<a class="doc" href="file:///opt/sipe-doctor/docs/rules/sip/blocked-client-version.md">docs/rules/sip/blocked-client-version.md</a>');
    expect(html).toContain('href="https://example.org/sipe-doctor/blob/main/docs/rules/sip/blocked-client-version.md"');
    expect(docLinks('docs/rules/x.md', { repositoryUrl: 'javascript:alert(1)' })).not.toContain('javascript:');
    const r = blockedReport();
    const page = formatReport({ ...r, findings: r.findings.map((f) => ({ ...f, docsUrl: 'docs/rules/sip/client-version-blocked.md' })) }, 'html', { color: false, verbose: false, docsBase: 'file:///opt/sd' });
    expect(page).toMatch(/More: <a class="doc" href="file:\/\/\/opt\/sd\/docs\/rules\/sip\/client-version-blocked\.md">/);
  });
});
