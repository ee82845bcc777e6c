/**
 * Splitting helpers for SIP/HTTP header values. Every splitter honours quoted strings
 * (with backslash escapes) and `<...>` URIs, so commas or semicolons inside them never split.
 * All are linear in the input length.
 */

/**
 * Split `value` at top-level occurrences of `sep` (outside quotes and angle brackets).
 * At most `limit` parts are returned (the rest is dropped), which bounds work on hostile input.
 */
export function splitTopLevel(value: string, sep: string, limit = Number.POSITIVE_INFINITY): string[] {
  const parts: string[] = [];
  let start = 0;
  let inQuote = false;
  let angle = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (inQuote) {
      if (ch === '\\') i++;
      else if (ch === '"') inQuote = false;
      continue;
    }
    if (ch === '"') inQuote = true;
    else if (ch === '<') angle++;
    else if (ch === '>') { if (angle > 0) angle--; }
    else if (ch === sep && angle === 0) {
      parts.push(value.slice(start, i));
      start = i + 1;
      if (parts.length >= limit) return parts;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

/** Comma-separated list items, trimmed, empty items dropped; at most `limit` items. */
export function splitCommaList(value: string, limit = MAX_LIST_ITEMS): string[] {
  return splitTopLevel(value, ',', limit).map((s) => s.trim()).filter((s) => s !== '');
}

/** default cap on list items: real headers carry a handful */
export const MAX_LIST_ITEMS = 256;

/** Remove surrounding double quotes and undo backslash escapes; other text is only trimmed. */
export function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    return v.slice(1, -1).replace(/\\(.)/gs, '$1');
  }
  return v;
}

/**
 * Parse `;name=value;name2="quoted"` parameters (the leading part before the first `;`
 * is returned as `head`). Names are lower-cased; flag parameters get the empty string.
 */
export function parseSemicolonParams(value: string): { head: string; params: Record<string, string> } {
  const [head = '', ...rest] = splitTopLevel(value, ';');
  const params: Record<string, string> = {};
  for (const raw of rest) {
    const eq = raw.indexOf('=');
    const name = (eq < 0 ? raw : raw.slice(0, eq)).trim().toLowerCase();
    if (name === '' || Object.prototype.hasOwnProperty.call(params, name)) continue;
    params[name] = eq < 0 ? '' : unquote(raw.slice(eq + 1));
  }
  return { head: head.trim(), params };
}
