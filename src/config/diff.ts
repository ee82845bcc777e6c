import { REDACTED, redactSecrets } from '../redact/index.js';
import { isSecretSettingName } from './settings-keys.js';
import { scanXml, type XmlNode } from './xml-scan.js';

const MASK = REDACTED;

/**
 * Replace the text of `<password>` and of secret `<setting>`s (email_password …) with a mask,
 * keeping the line breaks so line numbers stay right. Used on everything shown to the user.
 */
export function maskSecrets(text: string): string {
  const scanned = scanXml(text);
  const spans: [number, number][] = [];
  if (scanned.ok) {
    const walk = (n: XmlNode): void => {
      const secret = n.name === 'password' || (n.name === 'setting' && isSecretSettingName(n.attrs['name'] ?? ''));
      if (secret && !n.selfClosing && n.closeStart > n.openEnd) spans.push([n.openEnd, n.closeStart]);
      else n.children.forEach(walk);
    };
    walk(scanned.root);
  } else {
    // not well-formed: mask anything that looks like a password element, generously
    for (const m of text.matchAll(/<password\b[^>]*>([\s\S]*?)(<\/password\s*>|$)/g)) {
      const start = (m.index ?? 0) + m[0].indexOf('>') + 1;
      spans.push([start, start + (m[1]?.length ?? 0)]);
    }
  }
  let out = text;
  for (const [s, e] of spans.sort((a, b) => b[0] - a[0])) {
    const breaks = (out.slice(s, e).match(/\n/g) ?? []).join('');
    out = out.slice(0, s) + MASK + breaks + out.slice(e);
  }
  return out;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

type Op = { op: ' ' | '-' | '+'; line: string };

/** LCS over the differing middle (common head and tail lines trimmed first: edits are local). */
function diffLines(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const ops: Op[] = a.slice(0, head).map((line) => ({ op: ' ', line }));
  if (am.length * bm.length > 4_000_000) {
    // pathological: show the middle as replaced wholesale rather than spend the memory
    ops.push(...am.map((line) => ({ op: '-' as const, line })), ...bm.map((line) => ({ op: '+' as const, line })));
  } else {
    const w = bm.length + 1;
    const lcs = new Uint32Array((am.length + 1) * w);
    for (let i = am.length - 1; i >= 0; i--) {
      for (let j = bm.length - 1; j >= 0; j--) {
        lcs[i * w + j] = am[i] === bm[j] ? (lcs[(i + 1) * w + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * w + j] ?? 0, lcs[i * w + j + 1] ?? 0);
      }
    }
    let i = 0;
    let j = 0;
    while (i < am.length || j < bm.length) {
      if (i < am.length && j < bm.length && am[i] === bm[j]) {
        ops.push({ op: ' ', line: am[i] ?? '' });
        i++;
        j++;
      } else if (i < am.length && (j >= bm.length || (lcs[(i + 1) * w + j] ?? 0) >= (lcs[i * w + j + 1] ?? 0))) {
        ops.push({ op: '-', line: am[i] ?? '' });
        i++;
      } else {
        ops.push({ op: '+', line: bm[j] ?? '' });
        j++;
      }
    }
  }
  ops.push(...a.slice(a.length - tail).map((line) => ({ op: ' ' as const, line })));
  return ops;
}

/** A unified diff (3 lines of context) of two versions of a file, secrets masked. '' when equal. */
export function unifiedDiff(before: string, after: string, label: string, context = 3): string {
  if (before === after) return '';
  const ops = diffLines(splitLines(maskSecrets(before)), splitLines(maskSecrets(after)));
  // every other credential form (URL userinfo, tokens, keys…) through the one redactor
  const show = (line: string): string => redactSecrets(line.replace(/\r$/, ''));
  const out: string[] = [`--- a/${label}`, `+++ b/${label}`];
  let k = 0;
  let aLine = 1;
  let bLine = 1;
  while (k < ops.length) {
    // find the next change
    let c = k;
    while (c < ops.length && ops[c]?.op === ' ') c++;
    if (c >= ops.length) break;
    const start = Math.max(k, c - context);
    aLine += start - k;
    bLine += start - k;
    // extend the hunk while changes are within 2*context lines of each other
    let end = c;
    let lastChange = c;
    while (end < ops.length) {
      if (ops[end]?.op !== ' ') lastChange = end;
      else if (end - lastChange > 2 * context) break;
      end++;
    }
    end = Math.min(ops.length, lastChange + context + 1);
    const hunk = ops.slice(start, end);
    const aCount = hunk.filter((o) => o.op !== '+').length;
    const bCount = hunk.filter((o) => o.op !== '-').length;
    out.push(`@@ -${aCount === 0 ? aLine - 1 : aLine},${aCount} +${bCount === 0 ? bLine - 1 : bLine},${bCount} @@`);
    for (const o of hunk) out.push(`${o.op}${show(o.line)}`);
    aLine += aCount;
    bLine += bCount;
    k = end;
  }
  return out.join('\n') + '\n';
}
