import type { Report, TimelineEntry } from '../types.js';
import { escapeHtml } from './html-escape.js';
import { primaryFinding } from './shared.js';

/**
 * The sequence (ladder) diagram of a report as inline SVG: one lane for Pidgin/SIPE, one for DNS,
 * one per `host:port` peer, one arrow per timeline entry (request, and a dashed reply when the
 * label has a `→ result`). The entries behind the primary finding are drawn red (class `failing`)
 * and the last of them gets a marker. Pure; every string is escaped.
 */

export const CLIENT_LANE = 'Pidgin/SIPE';
const LEFT = 78;
const LANE_W = 200;
/** lanes narrow down to this before the diagram grows past FIT_WIDTH (then it scrolls inside its box) */
const MIN_LANE_W = 150;
/** few lanes are spread over at least this width, so labels have room */
const MIN_WIDTH = 960;
/** the diagram fits a 1280 px window (page margins and the box's padding subtracted) */
const FIT_WIDTH = 1180;

/**
 * Observations that are messages on the wire, drawn as arrows between the client and a peer;
 * everything else (discovery decisions, connection state, results the client derives, its
 * errors) is an event inside the client, drawn as a note on its lane.
 */
const MESSAGE_KINDS: ReadonlySet<string> = new Set([
  'dns.lookup', 'tcp.connect', 'tls.handshake', 'tls.certificate', 'proxy.event',
  'autodiscover.response', 'http.exchange', 'sip.register', 'sip.user-agent-test',
]);
/** messages the server sends unasked: drawn server → client */
const FROM_SERVER_KINDS: ReadonlySet<string> = new Set(['tls.certificate']);

/** Is the entry a message between the client and its peer (old reports without `kind`: any entry with a peer)? */
export function isMessage(e: TimelineEntry): boolean {
  if (e.peer === undefined || (e.kind !== undefined && !MESSAGE_KINDS.has(e.kind))) return false;
  // a request to a host whose name did not resolve never left the client
  return !(e.peer !== 'dns' && /host does not resolve/i.test(e.label));
}
const HEAD_H = 44;
const CHAR_W = 7;
const MAX_ROWS = 250;
const MAX_PEERS = 10;

export interface LadderRow {
  index: number;
  entry: TimelineEntry;
  /** failing = behind the primary finding; fail = a failure of no consequence for the verdict */
  tone: 'failing' | 'fail' | 'ok' | 'info';
  marker: boolean;
}

export interface LadderModel {
  lanes: string[];
  rows: LadderRow[];
  /** timeline entries left out (earlier attempts, over the row cap) */
  omitted: number;
}

/** Lanes and rows: the verdict's attempt only (when it has one), capped. */
export function ladderModel(report: Report): LadderModel {
  const attempt = report.verdict.attempt;
  const all = report.timeline.map((entry, index) => ({ entry, index }));
  const inAttempt = attempt ? all.filter((r) => r.entry.attempt === undefined || r.entry.attempt === attempt) : all;
  const chosen = (inAttempt.length > 0 ? inAttempt : all).slice(-MAX_ROWS);

  const peers: string[] = [];
  let hasDns = false;
  for (const { entry } of chosen) {
    if (!entry.peer || !isMessage(entry)) continue;
    if (entry.peer === 'dns') hasDns = true;
    else if (!peers.includes(entry.peer) && peers.length < MAX_PEERS) peers.push(entry.peer);
  }
  const lanes = [CLIENT_LANE, ...(hasDns ? ['dns'] : []), ...peers];

  const failingIds = new Set(primaryFinding(report)?.evidence.map((e) => e.id) ?? []);
  const isFailing = (e: TimelineEntry): boolean => e.status === 'fail' && e.evidence.some((id) => failingIds.has(id));
  let failing = chosen.filter((r) => isFailing(r.entry));
  if (failing.length === 0 && report.verdict.rootCause) {
    // no citation matched: the last failure in the verdict's step stands for it
    const last = [...chosen].reverse().find((r) => r.entry.status === 'fail' && r.entry.step === report.verdict.step);
    failing = last ? [last] : [];
  }
  const failingSet = new Set(failing.map((r) => r.index));
  // the marker goes on the last failing exchange with a server (a peer), else the last failing note
  const markerAt = ([...failing].reverse().find((r) => r.entry.peer) ?? failing[failing.length - 1])?.index;

  const rows: LadderRow[] = chosen
    .filter((r) => !isMessage(r.entry) || lanes.includes(r.entry.peer!))
    .map(({ entry, index }) => ({
      index,
      entry,
      tone: failingSet.has(index) ? 'failing' : entry.status === 'fail' ? 'fail' : entry.status === 'ok' ? 'ok' : 'info',
      marker: index === markerAt,
    }));
  return { lanes, rows, omitted: report.timeline.length - rows.length };
}

export function laneLabel(lane: string): string {
  return lane === 'dns' ? 'DNS' : lane;
}

/** `REGISTER to x → 403 Forbidden; …` → request and reply halves (split at the first arrow). */
export function splitExchange(label: string): { request: string; reply?: string } {
  const at = label.indexOf(' → ');
  if (at < 0) return { request: label };
  return { request: label.slice(0, at), reply: label.slice(at + 3) };
}

function fit(text: string, width: number): string {
  const max = Math.max(8, Math.floor(width / CHAR_W));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Cut in the middle: a lane's `host:port` keeps its port. */
function fitMiddle(text: string, width: number): string {
  const max = Math.max(8, Math.floor(width / CHAR_W));
  if (text.length <= max) return text;
  const tail = Math.ceil((max - 1) / 2);
  return `${text.slice(0, max - 1 - tail)}…${text.slice(text.length - tail)}`;
}

/**
 * Lane heads, all distinct: `host:port` cut in the middle (the port stays), else kept from the
 * end or the start, whichever tells every lane apart; numbered as the last resort.
 */
export function laneHeads(lanes: readonly string[], width: number): string[] {
  const labels = lanes.map(laneLabel);
  const max = Math.max(8, Math.floor(width / CHAR_W));
  const cuts: ((t: string) => string)[] = [
    (t) => fitMiddle(t, width),
    (t) => (t.length <= max ? t : `…${t.slice(t.length - max + 1)}`),
    (t) => (t.length <= max ? t : `${t.slice(0, max - 1)}…`),
  ];
  for (const cut of cuts) {
    const heads = labels.map(cut);
    if (new Set(heads).size === heads.length) return heads;
  }
  return labels.map((t, i) => fitMiddle(`${i + 1}: ${t}`, width));
}

function shortTime(at: string | undefined): string {
  if (!at) return '';
  const m = /(\d{2}:\d{2}:\d{2})/.exec(at);
  return m?.[1] ?? '';
}

/** The diagram as an `<svg>` element, or '' when no entry involves a server. */
export function renderLadder(report: Report): string {
  const model = ladderModel(report);
  if (model.rows.every((r) => !isMessage(r.entry))) return '';
  const { lanes, rows } = model;
  // wide enough for labels, narrow enough to fit 1280 px while that leaves MIN_LANE_W; beyond, the box scrolls
  const laneW = Math.max(MIN_LANE_W, Math.min(Math.max(LANE_W, Math.floor((MIN_WIDTH - LEFT) / lanes.length)), Math.floor((FIT_WIDTH - LEFT) / lanes.length)));
  const heads = laneHeads(lanes, laneW - 28);
  const laneX = (lane: string): number => LEFT + laneW / 2 + lanes.indexOf(lane) * laneW;
  const width = LEFT + lanes.length * laneW;
  const clientX = laneX(CLIENT_LANE);

  const body: string[] = [];
  let y = HEAD_H + 22;
  for (const row of rows) {
    const e = row.entry;
    const cls = `row tone-${row.tone}${row.tone === 'failing' ? ' failing' : ''}`;
    const time = shortTime(e.at);
    const parts: string[] = [`<title>${escapeHtml(e.label)}</title>`];
    if (time) parts.push(`<text class="time" x="8" y="${y + 4}">${escapeHtml(time)}</text>`);
    let height: number;
    if (!isMessage(e)) {
      // an event inside the client (account settings, discovery decisions, connection state, the error it shows): a note on its lane
      const w = width - clientX - 12;
      parts.push(`<rect class="note" x="${clientX - 6}" y="${y - 11}" width="${w}" height="20" rx="4"/>`);
      parts.push(`<text class="label" x="${clientX + 4}" y="${y + 3}">${escapeHtml(fit(e.label, w - 14))}</text>`);
      if (row.marker) parts.push(markerAt(clientX - 6, y - 1));
      height = 30;
    } else {
      const peerX = laneX(e.peer!);
      const { request, reply } = splitExchange(e.label);
      const span = Math.abs(peerX - clientX) - 20;
      const fromServer = e.kind !== undefined && FROM_SERVER_KINDS.has(e.kind);
      parts.push(
        fromServer
          ? `<line class="arrow req from-server" x1="${peerX}" y1="${y}" x2="${clientX + 2}" y2="${y}" marker-end="url(#ah-${row.tone})"/>`
          : `<line class="arrow req" x1="${clientX}" y1="${y}" x2="${peerX - 2}" y2="${y}" marker-end="url(#ah-${row.tone})"/>`,
      );
      // one arrow per row: a long label may run on over the lanes to the right (the halo keeps it legible)
      const room = width - clientX - 16;
      parts.push(`<text class="label" x="${clientX + 8}" y="${y - 5}">${escapeHtml(fit(request, room))}</text>`);
      height = 30;
      if (reply !== undefined) {
        const ry = y + 20;
        parts.push(`<line class="arrow reply" x1="${peerX}" y1="${ry}" x2="${clientX + 2}" y2="${ry}" marker-end="url(#ah-${row.tone})"/>`);
        // right-aligned at the server when it fits between the lanes, else from the client onwards
        parts.push(
          reply.length * CHAR_W <= span
            ? `<text class="label reply-label" x="${peerX - 8}" y="${ry - 5}" text-anchor="end">${escapeHtml(reply)}</text>`
            : `<text class="label reply-label" x="${clientX + 8}" y="${ry - 5}">${escapeHtml(fit(reply, room))}</text>`,
        );
        if (row.marker) parts.push(markerAt(peerX, ry));
        height = 50;
      } else if (row.marker) {
        parts.push(markerAt(peerX, y));
      }
    }
    body.push(`<g class="${cls}" data-row="${row.index}" data-step="${escapeHtml(e.step)}">${parts.join('')}</g>`);
    y += height;
  }
  const height = y + 8;

  const laneMarkup = lanes
    .map((lane, i) => {
      const x = laneX(lane);
      const label = laneLabel(lane);
      const head = heads[i] ?? label;
      return (
        `<g class="lane" data-lane="${escapeHtml(lane)}"><title>${escapeHtml(label)}</title>` +
        `<rect class="lane-head" x="${x - laneW / 2 + 8}" y="6" width="${laneW - 16}" height="30" rx="6"/>` +
        `<text class="lane-label" x="${x}" y="26" text-anchor="middle">${escapeHtml(head)}</text>` +
        `<line class="lifeline" x1="${x}" y1="36" x2="${x}" y2="${height - 4}"/></g>`
      );
    })
    .join('');

  const arrowHead = (tone: string): string =>
    `<marker id="ah-${tone}" class="ah ah-${tone}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z"/></marker>`;
  return [
    `<svg class="ladder" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Sequence diagram of the sign-in">`,
    `<defs>${['failing', 'fail', 'ok', 'info'].map(arrowHead).join('')}</defs>`,
    laneMarkup,
    ...body,
    '</svg>',
  ].join('\n');
}

function markerAt(x: number, y: number): string {
  return `<g class="fail-marker"><circle cx="${x}" cy="${y}" r="9"/><text x="${x}" y="${y + 4}" text-anchor="middle">✖</text></g>`;
}

/** Styles of the diagram (part of the page's one <style> element). */
export const LADDER_STYLE = `
svg.ladder{font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;display:block}
svg.ladder .lane-head{fill:var(--panel);stroke:var(--line)}
svg.ladder .lane-label{fill:var(--fg);font-weight:600}
svg.ladder .lifeline{stroke:var(--line);stroke-dasharray:4 4}
svg.ladder .time{fill:var(--muted);font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11px}
svg.ladder .label{fill:var(--fg);paint-order:stroke;stroke:var(--bg);stroke-width:3px;stroke-linejoin:round}
svg.ladder .arrow{stroke:var(--muted);stroke-width:1.4}
svg.ladder .arrow.reply{stroke-dasharray:5 3}
svg.ladder .ah path{fill:var(--muted)}
svg.ladder .note{fill:var(--panel);stroke:var(--line)}
svg.ladder .tone-ok .arrow.reply{stroke:var(--ok)} svg.ladder .ah-ok path{fill:var(--ok)}
svg.ladder .tone-fail .arrow{stroke:#d98c8c} svg.ladder .ah-fail path{fill:#d98c8c}
svg.ladder .tone-fail .label{fill:var(--muted)}
svg.ladder .failing .arrow{stroke:var(--fail);stroke-width:2.6}
svg.ladder .ah-failing path{fill:var(--fail)}
svg.ladder .failing .label{fill:var(--fail);font-weight:700}
svg.ladder .failing .note{fill:var(--fail-bg);stroke:var(--fail)}
svg.ladder .fail-marker circle{fill:var(--fail)}
svg.ladder .fail-marker text{fill:#fff;font-size:11px;font-weight:700;stroke:none}
svg.ladder .row{cursor:pointer}
svg.ladder .row.hl .label{text-decoration:underline}
`;
