import { describe, expect, it } from 'vitest';
import { blockedReport } from '../../../test/cli-fixtures.js';
import type { Report } from '../types.js';
import { escapeHtml } from './html-escape.js';
import { ladderModel, renderLadder, splitExchange } from './html-ladder.js';
import { formatHtml } from './html.js';
import { formatReport, FORMAT_NAMES } from './index.js';

const OPTS = { color: false, verbose: false };
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';

function ladderReport(overrides: Partial<Report> = {}): Report {
  const base = blockedReport();
  const primaryEvidence = base.findings[0]!.evidence;
  return {
    ...base,
    timeline: [
      { at: 'T23:38:56', step: 'client', label: 'Account alice@corp.example', status: 'info', evidence: ['o1'], attempt: 'a1' },
      { at: 'T23:38:56', step: 'dns', label: 'DNS SRV _sipinternaltls._tcp.corp.example → fe01.corp.example:5061', status: 'ok', peer: 'dns', evidence: ['o2'], attempt: 'a1' },
      { at: 'T23:38:56', step: 'network', label: 'TCP connect fe01.corp.example:5061 → ok', status: 'ok', peer: 'fe01.corp.example:5061', evidence: ['o3'], attempt: 'a1' },
      { at: 'T23:38:57', step: 'webticket', label: 'GET https://web.corp.example:443/x → 200', status: 'ok', peer: 'web.corp.example:443', evidence: ['o4'], attempt: 'a1' },
      { at: 'T23:38:57', step: 'register', label: 'REGISTER → 403 Forbidden', status: 'fail', peer: 'fe01.corp.example:5061', evidence: [primaryEvidence[0]!.id], attempt: 'a1' },
      { at: 'T23:38:57', step: 'client', label: 'Connection error (reason 7): rejected', status: 'fail', evidence: [primaryEvidence[1]!.id], attempt: 'a1' },
    ],
    ...overrides,
  };
}

describe('html formatter', () => {
  it('is registered and renders a self-contained page', () => {
    expect(FORMAT_NAMES).toEqual(expect.arrayContaining(['html', 'reply', 'csv', 'jsonl']));
    const page = formatReport(ladderReport(), 'html', OPTS);
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-');
    // no external resources of any kind (a link the reader may follow, <a href>, is not one)
    expect(page).not.toMatch(/<(?!a\s)[a-z]+\s[^>]*\b(?:src|href)=["']?(?:https?:)?\/\//i);
    expect(page).not.toMatch(/@import|url\(\s*["']?https?:/i);
    expect(page).toContain('Client version blocked by server policy');
    expect(page).toContain('UCCAPI/16.0.4351.1000 OC/16.0.4351.1000 (Skype for Business)');
  });

  it('escapes hostile log-derived strings everywhere', () => {
    const r = ladderReport();
    const hostile: Report = {
      ...r,
      verdict: { ...r.verdict, summary: HOSTILE },
      account: { signinName: HOSTILE, userAgent: HOSTILE },
      warnings: [HOSTILE],
      timeline: r.timeline.map((t) => (t.peer && t.peer !== 'dns' ? { ...t, label: `${t.label} ${HOSTILE}`, peer: `${HOSTILE}:5061` } : t)),
      findings: r.findings.map((f) => ({ ...f, explanation: HOSTILE, evidence: f.evidence.map((e) => ({ ...e, summary: HOSTILE, where: HOSTILE })) })),
    };
    const page = formatHtml(hostile, OPTS);
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // exactly one script element: ours
    expect(page.match(/<script\b/g)).toHaveLength(1);
  });

  it('escapeHtml covers text and attribute contexts and control characters', () => {
    expect(escapeHtml(`a<b>&"'\u0000`)).toBe('a&lt;b&gt;&amp;&quot;&#39;\uFFFD');
  });
});

describe('ladder diagram', () => {
  it('has one lane per peer plus Pidgin and DNS, and marks the failing exchange', () => {
    const r = ladderReport();
    const model = ladderModel(r);
    expect(model.lanes).toEqual(['Pidgin/SIPE', 'dns', 'fe01.corp.example:5061', 'web.corp.example:443']);
    const failing = model.rows.filter((x) => x.tone === 'failing').map((x) => x.entry.label);
    expect(failing).toEqual(['REGISTER → 403 Forbidden', 'Connection error (reason 7): rejected']);
    expect(model.rows.filter((x) => x.marker).map((x) => x.entry.label)).toEqual(['REGISTER → 403 Forbidden']);
    const svg = renderLadder(r);
    expect(svg.match(/class="lane"/g)).toHaveLength(4);
    expect(svg).toMatch(/<g class="row tone-failing failing" data-row="4"/);
    expect(svg).toContain('class="fail-marker"');
  });

  it('falls back to the last failure of the verdict step when no citation matches', () => {
    const r = ladderReport();
    const model = ladderModel({ ...r, findings: [] });
    expect(model.rows.filter((x) => x.tone === 'failing').map((x) => x.entry.step)).toEqual(['register']);
  });

  it('draws only the verdict attempt and nothing without servers', () => {
    const r = ladderReport();
    const withOld: Report = { ...r, timeline: [{ step: 'network', label: 'TCP connect old:5061 → refused', status: 'fail', peer: 'old:5061', evidence: [], attempt: 'a0' }, ...r.timeline] };
    expect(ladderModel(withOld).lanes).not.toContain('old:5061');
    expect(ladderModel(withOld).omitted).toBe(1);
    expect(renderLadder({ ...r, timeline: r.timeline.filter((t) => !t.peer) })).toBe('');
  });

  it('splits request and reply at the first arrow', () => {
    expect(splitExchange('REGISTER to x → 403 Forbidden → y')).toEqual({ request: 'REGISTER to x', reply: '403 Forbidden → y' });
    expect(splitExchange('SIP connection dropped')).toEqual({ request: 'SIP connection dropped' });
  });
});
