/**
 * Splits a SIP byte stream into whole messages: headers end at the first empty line (CRLF CRLF or
 * LF LF), the body is Content-Length (or `l`) bytes; CR/LF keep-alives between messages are
 * skipped. Bounded: a message over `maxBytes` or a bad Content-Length stops the framer. Pure.
 */
export type Frame = { kind: 'message'; text: string } | { kind: 'error'; error: string };

export interface SipFramer {
  push(chunk: Uint8Array): Frame[];
}

const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*(.*)$/im;

export function createSipFramer(maxBytes = 256 * 1024): SipFramer {
  let buf = Buffer.alloc(0);
  let failed = false;
  return {
    push(chunk) {
      if (failed) return [];
      buf = buf.length ? Buffer.concat([buf, chunk]) : Buffer.from(chunk);
      const out: Frame[] = [];
      for (;;) {
        let start = 0;
        while (start < buf.length && (buf[start] === 0x0d || buf[start] === 0x0a)) start++;
        buf = buf.subarray(start);
        if (!buf.length) break;
        const crlf = buf.indexOf('\r\n\r\n');
        const lf = buf.indexOf('\n\n');
        const useCrlf = crlf >= 0 && (lf < 0 || crlf <= lf);
        const headEnd = useCrlf ? crlf : lf;
        if (headEnd < 0) {
          if (buf.length > maxBytes) (failed = true), out.push({ kind: 'error', error: 'message too large' });
          break;
        }
        const head = buf.subarray(0, headEnd).toString('utf8');
        const raw = CONTENT_LENGTH.exec(head)?.[1]?.trim() ?? '0';
        if (!/^\d{1,9}$/.test(raw)) {
          failed = true;
          out.push({ kind: 'error', error: `bad Content-Length "${raw.slice(0, 20)}"` });
          break;
        }
        const total = headEnd + (useCrlf ? 4 : 2) + Number(raw);
        if (total > maxBytes) {
          failed = true;
          out.push({ kind: 'error', error: 'message too large' });
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
