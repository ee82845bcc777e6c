/**
 * Splits a SIP byte stream into messages: headers end at the first CRLF CRLF (bare LF LF accepted), the body is
 * Content-Length bytes (absent = 0). CR/LF between messages are keep-alives and are skipped. Bounded memory.
 */
export type FrameResult =
  | { kind: 'message'; text: string }
  | { kind: 'error'; error: 'too-large' | 'bad-content-length'; head?: string };

export interface SipFramer {
  push(chunk: Buffer): FrameResult[];
}

const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*(.*)$/im;

export function createSipFramer(maxMessageBytes: number): SipFramer {
  let buf: Buffer = Buffer.alloc(0);
  let failed = false;
  return {
    push(chunk: Buffer): FrameResult[] {
      if (failed) return [];
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      const out: FrameResult[] = [];
      for (;;) {
        let start = 0;
        while (start < buf.length && (buf[start] === 0x0d || buf[start] === 0x0a)) start++;
        if (start > 0) buf = buf.subarray(start);
        if (buf.length === 0) break;
        const crlf = buf.indexOf('\r\n\r\n');
        const lf = buf.indexOf('\n\n');
        let headEnd = -1;
        let sepLen = 0;
        if (crlf >= 0 && (lf < 0 || crlf <= lf)) { headEnd = crlf; sepLen = 4; } else if (lf >= 0) { headEnd = lf; sepLen = 2; }
        if (headEnd < 0) {
          if (buf.length > maxMessageBytes) { failed = true; out.push({ kind: 'error', error: 'too-large' }); }
          break;
        }
        const head = buf.subarray(0, headEnd).toString('utf8');
        const m = CONTENT_LENGTH.exec(head);
        const raw = m?.[1]?.trim() ?? '0';
        if (!/^\d{1,9}$/.test(raw)) {
          failed = true;
          out.push({ kind: 'error', error: 'bad-content-length', head });
          break;
        }
        const bodyLen = Number(raw);
        const total = headEnd + sepLen + bodyLen;
        if (total > maxMessageBytes) { failed = true; out.push({ kind: 'error', error: 'too-large', head }); break; }
        if (buf.length < total) break;
        out.push({ kind: 'message', text: buf.subarray(0, total).toString('utf8') });
        buf = buf.subarray(total);
      }
      return out;
    },
  };
}
