/**
 * Hostile and honest fake servers on loopback that record every byte they receive: a SIP
 * registrar over plain TCP or TLS with a scripted answer per REGISTER, and an HTTP(S) server with a
 * scripted answer per request. Tests assert on what reached each server (no NTLM AUTHENTICATE, no
 * password) and on what the tool made of the answers.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { buildChallengeMessage } from '../../src/lab/sip/ntlm.js';

/** base64 of `NTLMSSP\0` + message type 3: the start of every NTLM AUTHENTICATE in a header */
export const NTLM_AUTHENTICATE_B64 = 'TlRMTVNTUAADAAAA';

export interface Captured {
  /** everything received, as latin1 text (headers and bodies) */
  text(): string;
  /** NTLM AUTHENTICATE (type 3) or the password (plain, UTF-16LE or base64) was received */
  sawCredential(password: string): boolean;
  /** number of connections accepted */
  connections(): number;
}

function capture(): Captured & { push(b: Buffer): void; conn(): void } {
  const chunks: Buffer[] = [];
  let conns = 0;
  const text = (): string => Buffer.concat(chunks).toString('latin1');
  return {
    push: (b) => void chunks.push(b),
    conn: () => void conns++,
    text,
    connections: () => conns,
    sawCredential(password) {
      const t = text();
      const forms = [password, Buffer.from(password, 'utf16le').toString('latin1'), Buffer.from(password).toString('base64')];
      return t.includes(NTLM_AUTHENTICATE_B64) || forms.some((f) => t.includes(f));
    },
  };
}

export interface SipRequestSeen {
  n: number;
  text: string;
  header(name: string): string | undefined;
}

/** A SIP answer, or 'close' / 'silent' / raw bytes to write as they are. */
export type SipScript = (req: SipRequestSeen) => string | Buffer | 'close' | 'silent';

export interface FakeSipServer extends Captured {
  port: number;
  close(): Promise<void>;
}

/** The SIP response to `req` with the dialog headers copied (Via, From, To, Call-ID, CSeq). */
export function sipAnswer(req: SipRequestSeen, status: number, reason: string, headers: string[] = [], body = ''): string {
  const copy = ['Via', 'From', 'To', 'Call-ID', 'CSeq'].map((h) => `${h}: ${req.header(h) ?? ''}${h === 'To' ? ';tag=fake' : ''}`);
  return [`SIP/2.0 ${status} ${reason}`, ...copy, ...headers, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n');
}

/** A TYPE 2 NTLM message (base64) as a Lync server sends it in gssapi-data / WWW-Authenticate. */
export function ntlmChallengeB64(): string {
  return buildChallengeMessage({
    serverChallenge: Buffer.from('0123456789abcdef', 'hex'),
    nbDomain: 'CORP',
    nbComputer: 'FE01',
    dnsDomain: 'corp.test',
    dnsComputer: 'fe01.corp.test',
    timestampMs: Date.now(),
  }).toString('base64');
}

export async function startSipServer(o: { tls?: { key: string; cert: string }; script: SipScript }): Promise<FakeSipServer> {
  const cap = capture();
  const sockets = new Set<net.Socket>();
  let n = 0;
  const onConn = (sock: net.Socket): void => {
    cap.conn();
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => {
      cap.push(d);
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        const len = Number(/\r\nContent-Length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buf.length < end + 4 + len) return;
        const text = buf.subarray(0, end + 4 + len).toString('latin1');
        buf = buf.subarray(end + 4 + len);
        const req: SipRequestSeen = {
          n: ++n,
          text,
          header: (name) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim(),
        };
        const out = o.script(req);
        if (out === 'close') sock.destroy();
        else if (out !== 'silent') sock.write(out);
      }
    });
  };
  const server = o.tls ? tls.createServer({ key: o.tls.key, cert: o.tls.cert }, onConn) : net.createServer(onConn);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    ...cap,
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export interface HttpRequestSeen {
  n: number;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type HttpScript = (req: HttpRequestSeen) => { status: number; headers?: Record<string, string | string[]>; body?: string } | 'close' | 'silent';

export interface FakeHttpServer extends Captured {
  port: number;
  origin: string;
  requests: HttpRequestSeen[];
  close(): Promise<void>;
}

/** HTTPS with `tls`, plain HTTP without. Records raw bytes (so a header never escapes the check). */
export async function startHttpServer(o: { tls?: { key: string; cert: string }; script: HttpScript }): Promise<FakeHttpServer> {
  const cap = capture();
  const requests: HttpRequestSeen[] = [];
  const sockets = new Set<net.Socket>();
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: HttpRequestSeen = { n: requests.length + 1, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      const out = o.script(seen);
      if (out === 'close') return void req.socket.destroy();
      if (out === 'silent') return;
      res.writeHead(out.status, out.headers ?? {});
      res.end(out.body ?? '');
    });
  };
  const server = o.tls ? https.createServer({ key: o.tls.key, cert: o.tls.cert }, handler) : http.createServer(handler);
  // raw bytes as they arrive (after TLS for HTTPS)
  server.on(o.tls ? 'secureConnection' : 'connection', (sock: net.Socket) => {
    cap.conn();
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('data', (d: Buffer) => cap.push(d));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    ...cap,
    port,
    origin: `${o.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    async close() {
      for (const s of sockets) s.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
