import { createHash } from 'node:crypto';

/**
 * Escape text for HTML element content and quoted attribute values (also valid inside inline
 * SVG). Log content is hostile input: every string that reaches a page goes through here.
 * Control characters (other than tab and newline) become U+FFFD so a log can't smuggle them in.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** `sha256-…` source expression for a Content-Security-Policy, so only our own inline code runs. */
export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

export interface HtmlPage {
  title: string;
  /** already-escaped body markup */
  body: string;
  /** extra CSS appended to the base style */
  style?: string;
  /** inline script (no external sources) */
  script?: string;
}

/**
 * A self-contained page: inline CSS and JS only, and a CSP that forbids every network fetch
 * (default-src 'none') and any inline code except ours (hash-pinned), so even a string that
 * escaped escaping could neither run nor phone home.
 */
export function htmlPage(page: HtmlPage): string {
  const style = BASE_STYLE + (page.style ?? '');
  const script = page.script ?? '';
  const csp = [
    "default-src 'none'",
    `style-src ${cspHash(style)}`,
    script ? `script-src ${cspHash(script)}` : "script-src 'none'",
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    page.body,
    script ? `<script>${script}</script>` : '',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** System fonts only (nothing from the web); light and dark schemes. */
const BASE_STYLE = `
:root{--fg:#1d2430;--muted:#5b6472;--bg:#ffffff;--panel:#f5f7fa;--line:#d8dde5;--fail:#c62828;--fail-bg:#fdecea;
--ok:#2e7d32;--ok-bg:#e8f5e9;--warn:#b26a00;--warn-bg:#fff4e0;--accent:#1f5fbf;--code:#eef1f5}
@media (prefers-color-scheme: dark){:root{--fg:#e6e9ef;--muted:#a2aab8;--bg:#15181e;--panel:#1d222b;--line:#343b47;
--fail:#ff6b6b;--fail-bg:#3a1d1f;--ok:#66bb6a;--ok-bg:#1b2e1d;--warn:#ffb74d;--warn-bg:#33281a;--accent:#79a8ff;--code:#252b35}}
*{box-sizing:border-box}
body{margin:0;padding:24px 32px 48px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg);max-width:1280px}
h1{font-size:20px;margin:0 0 16px;color:var(--muted);font-weight:600}
h2{font-size:17px;margin:28px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:13px}
code{background:var(--code);padding:1px 5px;border-radius:4px}
pre{background:var(--code);padding:10px 12px;border-radius:6px;overflow-x:auto;white-space:pre-wrap;word-break:break-word}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{color:var(--muted);font-weight:600}
.muted{color:var(--muted)}
.verdict{border-radius:8px;padding:14px 18px;margin-bottom:8px;border-left:6px solid var(--muted);background:var(--panel)}
.verdict.fail{border-color:var(--fail);background:var(--fail-bg)}
.verdict.ok{border-color:var(--ok);background:var(--ok-bg)}
.verdict.unknown{border-color:var(--warn);background:var(--warn-bg)}
.verdict .title{font-size:20px;font-weight:700;margin:0 0 4px}
.verdict .mark{margin-right:8px}
.verdict.fail .mark{color:var(--fail)}.verdict.ok .mark{color:var(--ok)}.verdict.unknown .mark{color:var(--warn)}
.chips{margin-top:8px}
.chip{display:inline-block;font-size:12px;padding:1px 8px;border-radius:10px;border:1px solid var(--line);margin-right:6px;background:var(--bg)}
.sev-error{color:var(--fail);font-weight:600}.sev-warning{color:var(--warn);font-weight:600}
.st-fail{color:var(--fail);font-weight:600}.st-ok{color:var(--ok)}
.setting{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:6px 0}
.setting .path{color:var(--muted)}
button.copy{font:inherit;font-size:12px;padding:1px 8px;border-radius:4px;border:1px solid var(--line);background:var(--panel);color:var(--fg);cursor:pointer}
.diagram{overflow-x:auto;border:1px solid var(--line);border-radius:8px;padding:8px;background:var(--bg)}
tr.hl td{background:var(--warn-bg)}
tr.failing td{background:var(--fail-bg)}
footer{margin-top:32px;font-size:13px;color:var(--muted)}
`;
