/**
 * Splits a SIP byte stream into whole messages, for both ends of the wire (the live REGISTER probe's
 * channel and the lab registrar): headers end at the first empty line (CRLF CRLF, bare LF LF
 * accepted), the body is Content-Length (or compact `l`) bytes, absent = 0; CR/LF keep-alives between
 * messages are skipped. Bounded: a message over `maxBytes` or a bad Content-Length stops the framer
 * for good (the stream cannot be resynchronised). Pure.
 */
export type Frame =
  | { kind: 'message'; text: string }
  | {
      kind: 'error';
      error: 'too-large' | 'bad-content-length';
      /** the header block, when it was complete */
      head?: string;
      /** one line for evidence and logs */
      detail: string;
    };

export interface SipFramer {
  push(chunk: Uint8Array): Frame[];
}

/** Real SIP messages are a few KiB; a REGISTER 200 with a long roster stays far below this. */
export const DEFAULT_MAX_SIP_MESSAGE_BYTES = 256 * 1024;

const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*(.*)$/im;

export function createSipFramer(maxBytes = DEFAULT_MAX_SIP_MESSAGE_BYTES): SipFramer {
  let buf: Buffer = Buffer.alloc(0);
  let failed = false;
  const fail = (f: Extract<Frame, { kind: 'error' }>): Frame => {
    failed = true;
    return f;
  };
  return {
    push(chunk) {
      if (failed) return [];
      buf = buf.length ? Buffer.concat([buf, chunk]) : Buffer.from(chunk);
      const out: Frame[] = [];
      for (;;) {
        let start = 0;
        while (start < buf.length && (buf[start] === 0x0d || buf[start] === 0x0a)) start++;
        if (start > 0) buf = buf.subarray(start);
        if (buf.length === 0) break;
        const crlf = buf.indexOf('\r\n\r\n');
        const lf = buf.indexOf('\n\n');
        const useCrlf = crlf >= 0 && (lf < 0 || crlf <= lf);
        const headEnd = useCrlf ? crlf : lf;
        if (headEnd < 0) {
          if (buf.length > maxBytes) out.push(fail({ kind: 'error', error: 'too-large', detail: 'message too large' }));
          break;
        }
        const head = buf.subarray(0, headEnd).toString('utf8');
        const raw = CONTENT_LENGTH.exec(head)?.[1]?.trim() ?? '0';
        if (!/^\d{1,9}$/.test(raw)) {
          out.push(fail({ kind: 'error', error: 'bad-content-length', head, detail: `bad Content-Length "${raw.slice(0, 20)}"` }));
          break;
        }
        const total = headEnd + (useCrlf ? 4 : 2) + Number(raw);
        if (total > maxBytes) {
          out.push(fail({ kind: 'error', error: 'too-large', head, detail: 'message too large' }));
          break;
        }
        if (buf.length < total) break;
        out.push({ kind: 'message', text: buf.subarray(0, total).toString('utf8') });
        buf = buf.subarray(total);
      }
      return out;
    },
  };
}
