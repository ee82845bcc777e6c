import { describe, expect, it } from 'vitest';
import { createSipFramer } from './framer.js';

describe('createSipFramer (probe channel and lab registrar alike)', () => {
  it('splits pipelined messages, waits for the body, skips keep-alives, accepts bare LF', () => {
    const f = createSipFramer(1000);
    const msg = 'SIP/2.0 200 OK\r\nContent-Length: 5\r\n\r\nhello';
    expect(f.push(Buffer.from(`\r\n\r\n${msg}${msg.slice(0, 25)}`))).toEqual([{ kind: 'message', text: msg }]);
    expect(f.push(Buffer.from(msg.slice(25)))).toEqual([{ kind: 'message', text: msg }]);
    expect(f.push(Buffer.from('NOTIFY sip:a SIP/2.0\nl: 2\n\nhi'))).toEqual([{ kind: 'message', text: 'NOTIFY sip:a SIP/2.0\nl: 2\n\nhi' }]);
  });

  it('stops for good on a bad Content-Length or an oversized message, saying why', () => {
    const bad = createSipFramer(1000);
    expect(bad.push(Buffer.from('SIP/2.0 200 OK\r\nContent-Length: x\r\n\r\n'))).toEqual([
      { kind: 'error', error: 'bad-content-length', head: 'SIP/2.0 200 OK\r\nContent-Length: x', detail: 'bad Content-Length "x"' },
    ]);
    expect(bad.push(Buffer.from('SIP/2.0 200 OK\r\n\r\n'))).toEqual([]);
    expect(createSipFramer(10).push(Buffer.from('x'.repeat(20)))).toEqual([{ kind: 'error', error: 'too-large', detail: 'message too large' }]);
  });
});
