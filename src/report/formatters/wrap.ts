/**
 * Fit terminal text to a width without breaking a word or a value: lines break between words
 * only; a quoted value ("UCCAPI/15.0… (Microsoft Lync)"), a path or a host:port never breaks,
 * and a value too long for the rest of a line starts a line of its own. Continuation lines keep
 * the line's indent (plus the width of a list marker such as `1. ` or `✖ `). Pure.
 */

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function visibleLength(s: string): number {
  return [...s.replace(ANSI, '')].length;
}

/** Stands for a space inside a value that must not break (restored before output). */
const KEEP = '\u0000';

/**
 * Words with the spaces before them, keeping a "quoted value" (and what sticks to it, such as a
 * trailing comma) as one token.
 */
function tokens(text: string): { sep: string; word: string }[] {
  const out: { sep: string; word: string }[] = [];
  const re = /(\s*)((?:[^\s"]*"[^"]*"[^\s"]*)+|[^\s]+)/g;
  for (const m of text.matchAll(re)) out.push({ sep: m[1] ?? '', word: m[2] ?? '' });
  return out;
}

/** Indent for continuation lines: the leading spaces plus a list marker (`1. `, `✖ `, `- `). */
function hangingIndent(line: string): string {
  const plain = line.replace(ANSI, '');
  const m = /^( *)((?:\d+\.|[-*✖✔!?i·]) )?/u.exec(plain);
  return ' '.repeat((m?.[1]?.length ?? 0) + (m?.[2] ? [...m[2]].length : 0));
}

export function wrapLine(line: string, width: number, keep: readonly string[] = []): string[] {
  if (visibleLength(line) <= width) return [line];
  let text = line;
  // values such as a User-Agent stay on one line: their spaces are not break points
  for (const v of keep) if (v.includes(' ') && text.includes(v)) text = text.split(v).join(v.replace(/ /g, KEEP));
  const indent = text.match(/^ */)?.[0] ?? '';
  const hang = hangingIndent(text);
  const lines: string[] = [];
  let cur = indent;
  let curHasWord = false;
  for (const { sep, word } of tokens(text.slice(indent.length))) {
    const len = visibleLength(word);
    if (curHasWord && visibleLength(cur) + visibleLength(sep) + len > width) {
      lines.push(cur);
      cur = hang;
      curHasWord = false;
    }
    cur = curHasWord ? `${cur}${sep}${word}` : `${cur}${word}`;
    curHasWord = true;
  }
  if (curHasWord) lines.push(cur);
  return lines.map((l) => l.split(KEEP).join(' '));
}

/** Every line of `text` wrapped to `width` (undefined: unchanged); `keep`: values never broken. */
export function fitToWidth(text: string, width: number | undefined, keep: readonly string[] = []): string {
  if (width === undefined || width <= 0) return text;
  const values = [...new Set(keep)].filter((v) => v.includes(' ')).sort((a, b) => b.length - a.length);
  return text
    .split('\n')
    .flatMap((l) => wrapLine(l, width, values))
    .join('\n');
}
