/**
 * Client error family: libpurple's `connection: Connection error on 0x… (reason: N description: …)`
 * — the description may run over several lines (SIPE appends `\n(<server text>)` to web-ticket
 * failures). Only errors of the SIPE account's connection count (the account family knows which).
 * The English msgid is filled in later from the catalogs (index.ts), because that may need
 * I/O-loaded catalogs.
 */
import { recordText } from '../tokenize.js';
import type { LogRecord } from '../types.js';
import type { FamilyContext } from './hand-off.js';
import type { LineRules } from './lines.js';

const CONNECTION_ERROR = /^Connection error on (0x[0-9a-fA-F]+|\(nil\)|[0-9a-fA-F]+) \((?:reason: (\d+) description: )?([\s\S]*)\)\s*$/;

export class ClientErrorFamily {
  static readonly rules: LineRules<ClientErrorFamily> = {
    connection: [
      {
        anchors: ['Connection error on '], re: CONNECTION_ERROR, input: (r) => recordText(r).replace(/\s+$/, ''),
        on: (f, m, r) => f.onError(m, r),
      },
    ],
  };

  constructor(private readonly ctx: FamilyContext) {}

  private onError(m: RegExpExecArray, r: LogRecord): void {
    if (!this.ctx.isSipeConnection(m[1] as string)) return;
    const description = (m[3] as string).trim();
    this.ctx.clientErrorReported();
    this.ctx.out.add(r, 'client.error', { ...(m[2] !== undefined ? { reason: Number(m[2]) } : {}), description });
  }
}
