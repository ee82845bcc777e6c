/**
 * A command line laid out for a terminal: words (a quoted argument is one word) filled into lines
 * of at most `width` columns, each but the last ending in ` \` so the whole still pastes as one
 * command. A word longer than a line stands alone on its line, unbroken.
 */
export function shellWords(line: string): string[] {
  return line.match(/(?:[^\s'"]+|'[^']*'|"[^"]*")+/g) ?? [line];
}

export function fillWords(words: readonly string[], width: number, first: string, next: string, joint = ''): string[] {
  const lines: string[] = [];
  let cur = first;
  let has = false;
  for (const w of words) {
    if (has && cur.length + 1 + w.length + joint.length > width) {
      lines.push(cur + joint);
      cur = next;
      has = false;
    }
    cur = has ? `${cur} ${w}` : `${cur}${w}`;
    has = true;
  }
  lines.push(cur);
  return lines;
}

export function shellLines(line: string, width: number, indent = '  ', continuation = '      '): string[] {
  return fillWords(shellWords(line), width, indent, continuation, ' \\');
}
