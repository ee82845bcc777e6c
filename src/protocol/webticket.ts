/**
 * What SIPE takes out of web ticket service answers: the SAML `<Assertion>` (the web ticket) and,
 * from the Office 365 RST2 answer, the `<EncryptedData>` token. Elements are found by local name,
 * whatever their namespace prefix. Linear time on any input (a regular expression with a lazy
 * `[\s\S]*?` between open and close tag is quadratic on a body full of unclosed openings). Pure.
 */

/** The first `<prefix:name …>…</prefix:name>` element in `body` as written, or undefined. */
export function firstElement(body: string, localName: string): string | undefined {
  if (typeof body !== 'string' || !/^\w+$/.test(localName)) return undefined;
  const open = new RegExp(`<(?:\\w+:)?${localName}\\b`, 'g');
  const m = open.exec(body);
  if (!m) return undefined;
  // the close tag nearest after the first opening; when there is none, no later opening has one either
  const close = new RegExp(`</(?:\\w+:)?${localName}>`, 'g');
  close.lastIndex = m.index + m[0].length;
  const c = close.exec(body);
  return c ? body.slice(m.index, c.index + c[0].length) : undefined;
}

/** The SAML assertion of a web ticket answer. */
export function webTicketAssertion(body: string): string | undefined {
  return firstElement(body, 'Assertion');
}

/** The encrypted token of an Office 365 RST2 answer ('' when absent, as SIPE sends it then). */
export function rst2Token(body: string): string {
  return firstElement(body, 'EncryptedData') ?? '';
}
