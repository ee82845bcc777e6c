/**
 * Client error family: libpurple's `connection: Connection error on 0x… (reason: N description: …)`
 * — the description may run over several lines (SIPE appends `\n(<server text>)` to web-ticket
 * failures). Only errors of the SIPE account's connection count (correlate.ts). The English msgid
 * is filled in later from the catalogs (index.ts), because that may need I/O-loaded catalogs.
 */
import { isSipeConnection } from '../correlate.js';
import { recordText } from '../tokenize.js';
import type { LogRecord } from '../types.js';
import { emit, noteParseFailed, type LogState } from './context.js';

const CONNECTION_ERROR = /^Connection error on (0x[0-9a-fA-F]+|\(nil\)|[0-9a-fA-F]+) \((?:reason: (\d+) description: )?([\s\S]*)\)\s*$/;

export function recognizeClientError(r: LogRecord, st: LogState): void {
  if (r.category !== 'connection') return;
  const m = CONNECTION_ERROR.exec(recordText(r).replace(/\s+$/, ''));
  if (!m) return;
  if (!isSipeConnection(st, m[1] as string)) return;
  const description = (m[3] as string).trim();
  // SIPE gave up right after a 200 it should have confirmed parsing: its XML parser read nothing
  if (st.awaitingParse) noteParseFailed(st);
  // the client reported its error: a connect still pending is not a silent timeout
  st.pendingSipConnect = undefined;
  st.errorDraft = emit(st, r, {
    kind: 'client.error',
    data: { ...(m[2] !== undefined ? { reason: Number(m[2]) } : {}), description },
  });
}
