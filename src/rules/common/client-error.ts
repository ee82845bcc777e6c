import type { ClientError } from '../../evidence/kinds.js';

export { GENERIC_CONNECT_ERRORS, REJECTED_PREFIX } from '../../protocol/sipe-error-texts.js';

/**
 * SIPE's user-visible texts, matched on the English msgid only. The log analyzer maps
 * translated descriptions back to `english`; a description is used as is only when it is not marked
 * as translated (English logs).
 */
export function englishOf(e: ClientError): string | undefined {
  if (e.data.english !== undefined) return e.data.english;
  if (e.data.translated || (e.data.language !== undefined && e.data.language !== 'en')) return undefined;
  return e.data.description;
}

/** The `%s` part of a template such as `You have been rejected by the server: %s`. */
export function detailAfter(e: ClientError, prefix: string): string | undefined {
  const text = englishOf(e);
  if (text === undefined || !text.startsWith(prefix)) return undefined;
  return e.data.detail ?? text.slice(prefix.length);
}

export function startsWithAny(e: ClientError, prefixes: readonly string[]): boolean {
  const text = englishOf(e);
  return text !== undefined && prefixes.some((p) => text.startsWith(p));
}

export function isExactly(e: ClientError, texts: readonly string[]): boolean {
  const text = englishOf(e)?.trim();
  return text !== undefined && texts.includes(text);
}

/** A short quotable form of the client error for explanations. */
export function quoteError(e: ClientError): string {
  return (englishOf(e) ?? e.data.description).replace(/\s*\n\s*/g, ' ').trim();
}

