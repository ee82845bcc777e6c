import type { ClientError } from '../../evidence/kinds.js';

import { REJECTED_PREFIX } from '../../protocol/sipe-error-texts.js';

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


/** libpurple's PURPLE_CONNECTION_ERROR_INVALID_SETTINGS: the reason SIPE gives `You have been rejected by the server: %s` with. */
export const INVALID_SETTINGS = 7;

/**
 * Does the server's own text (an ms-diagnostics / Warning reason that SIPE puts into `You have been rejected by
 * the server: %s`) match `phrase`? The server's words stay English in every UI language: in a translated error
 * (any text not in SIPE's English template) that no catalog maps back, they are looked for anywhere in the description (translations move the `%s`, e.g.
 * German quotes it mid-sentence), for a reason-7 error only. `english`: read from the English text;
 * `translated`: found inside a translated text (inferred: the English log or a catalog would confirm the template).
 */
export function rejectedWith(e: ClientError, phrase: RegExp): 'english' | 'translated' | undefined {
  const detail = detailAfter(e, REJECTED_PREFIX);
  if (detail !== undefined) return phrase.test(detail) ? 'english' : undefined;
  // a catalog mapped it to another template: not a rejection. Otherwise it is not SIPE's English template, so a
  // translated one (with the catalogs absent the analyzer cannot mark it translated: english is the text as is)
  if ((e.data.translated && e.data.english !== undefined) || e.data.reason !== INVALID_SETTINGS) return undefined;
  return phrase.test(e.data.description) ? 'translated' : undefined;
}
