import { describe, expect, it } from 'vitest';
import { headerValue, parseHttpMessage, parseXMsDiagnostics } from './http.js';
import { soapFaultText } from './soap-fault.js';

describe('parseHttpMessage', () => {
  it('parses a response dump with headers and body', () => {
    const m = parseHttpMessage('HTTP/1.1 401 Unauthorized\nContent-Type: text/html\nX-MS-WebTicketURL: https://lyncweb.corp.example/WebTicket/WebTicketService.svc\nContent-Length: 5\n\nhello world');
    expect(m).toMatchObject({ type: 'response', status: 401, reason: 'Unauthorized', version: 'HTTP/1.1', body: 'hello' });
    expect(headerValue(m!, 'x-ms-webticketurl')).toBe('https://lyncweb.corp.example/WebTicket/WebTicketService.svc');
  });

  it('parses a request and decodes chunked bodies', () => {
    const r = parseHttpMessage('GET /?sipuri=alice@corp.example HTTP/1.1\r\nHost: lyncdiscover.corp.example\r\n\r\n');
    expect(r).toMatchObject({ type: 'request', method: 'GET', url: '/?sipuri=alice@corp.example', body: '' });
    const c = parseHttpMessage('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n');
    expect(c?.body).toBe('hello world');
    expect(parseHttpMessage('SIP/2.0 200 OK\n\n')).toBeUndefined();
    expect(parseHttpMessage('random words')).toBeUndefined();
  });
});

describe('parseXMsDiagnostics', () => {
  it('reads errorId, source, reason and fault', () => {
    expect(parseXMsDiagnostics('28020;source="lyncweb.corp.example";reason="No valid security token.";fault="MsDiagnosticsFault: wst:FailedAuthentication"'))
      .toEqual([{ code: 28020, public: false, source: 'lyncweb.corp.example', reason: 'No valid security token.', fault: 'MsDiagnosticsFault: wst:FailedAuthentication' }]);
    expect(parseXMsDiagnostics('x;y')).toEqual([]);
  });
});

describe('HTTP dumps of recorded logs', () => {
  it('decodes the web-ticket fault of the 1.21 fixture', async () => {
    const { existsSync, readFileSync } = await import('node:fs');
    const file = 'fixtures/logs/legacy-1.21-webticket-sip-uri-mismatch.log';
    if (!existsSync(file)) return;
    const text = readFileSync(file, 'utf8');
    const dumps = [...text.matchAll(/^MESSAGE START [<>]{10} HTTP[^\n]*\n([\s\S]*?)\nMESSAGE END/gm)].map((m) => m[1] as string);
    const msgs = dumps.map((d) => parseHttpMessage(d));
    expect(msgs.every((m) => m !== undefined)).toBe(true);
    const res = msgs.find((m) => m?.status === 500)!;
    expect(parseXMsDiagnostics(headerValue(res, 'X-Ms-diagnostics') ?? '')[0]).toMatchObject({ code: 28020, reason: 'Web ticket request error - SIP URI mismatch' });
    expect(soapFaultText(res.body)).toBe('Web ticket request error - SIP URI mismatch');
    expect(msgs[0]).toMatchObject({ type: 'request', method: 'POST', url: '/WebTicket/WebTicketService.svc/WsFedBearer' });
  });
});
