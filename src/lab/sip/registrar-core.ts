/**
 * What the registrar answers, independent of sockets: client-version policy, the connection-less NTLM
 * handshake, the configured behaviour, message signing, and the server-initiated de-registration NOTIFY.
 */
import { randomBytes } from 'node:crypto';
import { buildSipResponse, headerValue, headerValues, serializeSipMessage } from '../../protocol/sip/parse.js';
import type { SipMessage } from '../../protocol/sip/types.js';
import { formatAuthParams, parseAuthParams, type AuthParams } from '../../protocol/sip/challenges.js';
import { createSecurityStore, type SecurityAssociation } from './security.js';
import { signatureString } from './signature.js';
import { SIP_REALM, type RegistrarBehaviour, type SipRegistrarOptions } from './types.js';

/** One client connection as the core sees it. */
export interface RegistrarConnection {
  transport: 'tls' | 'tcp';
  /** local port the client reached (for Via/Contact of server requests) */
  localPort: number;
  send(text: string): void;
  close(): void;
  /** run `fn` after `ms` unless the connection closed first */
  later(ms: number, fn: () => void): void;
}

/** What happened, without secrets (tests and the e2e suite read it). */
export interface RegistrarEvent {
  at: number;
  transport: 'tls' | 'tcp';
  direction: 'in' | 'out' | 'note';
  /** start line, or a note such as `ntlm: wrong-password` */
  line: string;
}

export interface RegistrarCore {
  handle(conn: RegistrarConnection, msg: SipMessage): void;
  /** unparsable input: 400 when a response can be addressed, else close */
  malformed(conn: RegistrarConnection, head: string | undefined): void;
  events(): readonly RegistrarEvent[];
}

type Header = { name: string; value: string };

const MAX_EVENTS = 2000;

export function createRegistrarCore(opts: SipRegistrarOptions, now: () => number = Date.now): RegistrarCore {
  const fqdn = opts.serverFqdn;
  const host = fqdn.split('.')[0] ?? 'fe01';
  const firstUser = opts.users[0];
  const store = createSecurityStore({
    users: opts.users,
    nbDomain: (firstUser?.ntDomain ?? opts.domain.split('.')[0] ?? 'CORP').toUpperCase(),
    nbComputer: host.toUpperCase(),
    dnsDomain: opts.domain,
    dnsComputer: fqdn,
    now: () => now() + (opts.clockSkewMs ?? 0),
  });
  const log: RegistrarEvent[] = [];
  const note = (conn: RegistrarConnection, direction: RegistrarEvent['direction'], line: string): void => {
    if (log.length >= MAX_EVENTS) log.shift();
    log.push({ at: now(), transport: conn.transport, direction, line });
  };
  const behaviour: RegistrarBehaviour = opts.behaviour;
  const delay = behaviour.kind === 'slow' ? Math.max(0, behaviour.delayMs) : 0;
  const withSource = (diag: string): string => (/;\s*source=/i.test(diag) ? diag : `${diag};source="${fqdn}"`);
  const serverHeader = (): Header[] => (opts.serverHeader ? [{ name: 'Server', value: opts.serverHeader }] : []);

  const challengeHeaders = (): Header[] => opts.authSchemes.map((scheme) => {
    const target = scheme === 'Kerberos' ? `sip/${fqdn}` : fqdn;
    const params: [string, string][] = [['realm', SIP_REALM], ['targetname', target], ['version', '3']];
    if (scheme === 'TLS-DSK' && opts.stsUri) params.push(['sts-uri', opts.stsUri]);
    return { name: 'WWW-Authenticate', value: formatAuthParams(scheme, params) };
  });
  const dateHeader = (): Header => ({ name: 'Date', value: new Date(now() + (opts.clockSkewMs ?? 0)).toUTCString() });

  /** serialize, sign when an association is established, send (late when `slow`) */
  const send = (conn: RegistrarConnection, msg: SipMessage, sa?: SecurityAssociation): void => {
    let out = msg;
    if (sa?.keys) {
      sa.snum += 1;
      const ctx = { scheme: 'NTLM', rand: sa.srand, num: String(sa.snum), realm: SIP_REALM, targetname: fqdn };
      const rspauth = store.sign(sa, signatureString(msg, ctx));
      const info = formatAuthParams('NTLM', [
        ['rspauth', rspauth], ['srand', sa.srand], ['snum', String(sa.snum)], ['opaque', sa.opaque],
        ['qop', 'auth'], ['targetname', fqdn], ['realm', SIP_REALM],
      ]);
      const headers = [...msg.headers];
      const at = headers.findIndex((h) => h.name.toLowerCase() === 'content-length');
      headers.splice(at < 0 ? headers.length : at, 0, { name: 'Authentication-Info', value: info });
      out = { ...msg, headers };
    }
    const text = serializeSipMessage(out);
    const line = text.slice(0, text.indexOf('\r\n'));
    const go = (): void => { note(conn, 'out', line); conn.send(text); };
    if (delay > 0) conn.later(delay, go); else go();
  };
  const respond = (
    conn: RegistrarConnection, req: SipMessage, status: number, reason: string, extra: Header[] = [], sa?: SecurityAssociation,
  ): void => send(conn, buildSipResponse(req, status, reason, extra), sa);

  const ntlmAuthorization = (req: SipMessage): AuthParams | undefined => {
    for (const v of [...headerValues(req, 'Authorization'), ...headerValues(req, 'Proxy-Authorization')]) {
      const p = parseAuthParams(v);
      if (p && p.scheme.toUpperCase() === 'NTLM') return p;
    }
    return undefined;
  };

  const rejectHeaders = (b: Extract<RegistrarBehaviour, { kind: 'reject' }>): Header[] => {
    const h: Header[] = [];
    if (b.msDiagnostics) h.push({ name: 'ms-diagnostics', value: withSource(b.msDiagnostics) });
    if (b.msDiagnosticsPublic) h.push({ name: 'ms-diagnostics-public', value: withSource(b.msDiagnosticsPublic) });
    if (b.warning) h.push({ name: 'Warning', value: b.warning });
    if (b.contact) h.push({ name: 'Contact', value: b.contact });
    if (b.status === 401 || b.status === 407) h.push(dateHeader(), ...challengeHeaders());
    return [...h, ...serverHeader()];
  };

  const okHeaders = (conn: RegistrarConnection, req: SipMessage, sa: SecurityAssociation): Header[] => {
    const expiresReq = headerValue(req, 'Expires');
    if (expiresReq !== undefined && Number(expiresReq) === 0) return [{ name: 'Expires', value: '0' }, ...serverHeader()];
    const expires = opts.expiresSeconds ?? 7200;
    const contact = headerValue(req, 'Contact') ?? '';
    const uri = /<([^>]*)>/.exec(contact)?.[1] ?? `sip:127.0.0.1;transport=${conn.transport}`;
    const instance = /\+sip\.instance="([^"]*)"/.exec(contact)?.[1];
    const aor = (sa.user?.sipUri ?? /<([^>]*)>/.exec(headerValue(req, 'To') ?? '')?.[1] ?? `sip:user@${opts.domain}`);
    const epid = /epid=([^;>\s]+)/.exec(headerValue(req, 'From') ?? '')?.[1] ?? 'a92c7be9925a';
    const gruu = `${aor};opaque=user:epid:${Buffer.from(epid).toString('base64url')};gruu`;
    const contactOut = `<${uri}>;expires=${expires}${instance ? `;+sip.instance="${instance}"` : ''};gruu="${gruu}"`;
    return [
      { name: 'Contact', value: contactOut },
      { name: 'Expires', value: String(expires) },
      { name: 'presence-state', value: 'register-action="added"' },
      { name: 'Allow-Events', value: 'vnd-microsoft-provisioning,vnd-microsoft-roaming-contacts,vnd-microsoft-roaming-ACL,presence,presence.wpending,vnd-microsoft-roaming-self,vnd-microsoft-provisioning-v2' },
      { name: 'Supported', value: 'adhoclist' },
      { name: 'Supported', value: 'msrtc-event-categories' },
      { name: 'Supported', value: 'ms-userservices-state-notification' },
      { name: 'ms-keep-alive', value: 'UAS; tcp=no; hop-hop=yes; end-end=no; timeout=300' },
      ...serverHeader(),
    ];
  };

  /** server → client NOTIFY registration-notify that signs the user out */
  const sendDeregister = (conn: RegistrarConnection, req: SipMessage, sa: SecurityAssociation,
    b: Extract<RegistrarBehaviour, { kind: 'deregister' }>): void => {
    const contactUri = /<([^>]*)>/.exec(headerValue(req, 'Contact') ?? '')?.[1] ?? 'sip:127.0.0.1';
    const from = headerValue(req, 'From') ?? '';
    const aorUri = /<([^>]*)>/.exec(from)?.[1] ?? `sip:user@${opts.domain}`;
    const body = `deregistered;event=${b.event}`;
    const msg: SipMessage = {
      type: 'request', method: 'NOTIFY', uri: contactUri, version: 'SIP/2.0', body,
      headers: [
        { name: 'Via', value: `SIP/2.0/${conn.transport.toUpperCase()} ${fqdn}:${conn.localPort};branch=z9hG4bK${randomBytes(8).toString('hex')}` },
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: `<${aorUri}>;tag=${randomBytes(8).toString('hex')}` },
        { name: 'To', value: from },
        { name: 'Call-ID', value: randomBytes(16).toString('hex') },
        { name: 'CSeq', value: '1 NOTIFY' },
        { name: 'Event', value: 'registration-notify' },
        { name: 'Subscription-State', value: 'terminated;expires=0' },
        { name: 'Content-Type', value: 'text/registration-event' },
        // without ms-diagnostics SIPE words the event itself ("user disabled" …)
        ...(b.msDiagnostics ? [{ name: 'ms-diagnostics', value: withSource(b.msDiagnostics) }] : []),
        ...serverHeader(),
        { name: 'Content-Length', value: String(Buffer.byteLength(body)) },
      ],
    };
    send(conn, msg, sa);
  };

  const finishRegister = (conn: RegistrarConnection, req: SipMessage, sa: SecurityAssociation, firstTime: boolean): void => {
    if (behaviour.kind === 'reject' && behaviour.stage === 'after-auth') {
      respond(conn, req, behaviour.status, behaviour.reason, rejectHeaders(behaviour), sa);
      if (behaviour.status === 401) store.drop(sa.opaque);
      return;
    }
    respond(conn, req, 200, 'OK', okHeaders(conn, req, sa), sa);
    if (firstTime && behaviour.kind === 'deregister') {
      conn.later(Math.max(0, behaviour.afterMs), () => sendDeregister(conn, req, sa, behaviour));
    }
  };

  const handleRegister = (conn: RegistrarConnection, req: SipMessage): void => {
    const cv = opts.clientVersion;
    if (cv) {
      const ua = headerValue(req, 'User-Agent') ?? '';
      const allowed = cv.allowedUserAgents.some((src) => {
        try { return new RegExp(src).test(ua); } catch { return false; }
      });
      if (!allowed) {
        const text = cv.diagnosticsCode === 17003 ? 'Declined with URL.' : 'Invalid protocol client version.';
        note(conn, 'note', 'client-version: blocked');
        respond(conn, req, 403, 'Forbidden', [
          { name: 'ms-diagnostics', value: `${cv.diagnosticsCode};reason="${text}";source="${fqdn}"` },
          { name: 'Warning', value: `${cv.warningCode} ${fqdn} "${cv.warningText}"` },
          ...serverHeader(),
        ]);
        return;
      }
    }
    if (behaviour.kind === 'silent') { note(conn, 'note', 'silent: no answer'); return; }
    if (behaviour.kind === 'close') { note(conn, 'note', 'close: closing'); conn.close(); return; }
    if (behaviour.kind === 'reject' && behaviour.stage === 'before-auth') {
      respond(conn, req, behaviour.status, behaviour.reason, rejectHeaders(behaviour));
      return;
    }

    const auth = ntlmAuthorization(req);
    const unauthorized = (why: string): void => {
      note(conn, 'note', `auth: ${why}`);
      respond(conn, req, 401, 'Unauthorized', [dateHeader(), ...challengeHeaders(), ...serverHeader()]);
    };
    if (!opts.authSchemes.includes('NTLM') || !auth) { unauthorized(auth ? 'scheme not offered' : 'no credentials'); return; }
    const p = auth.params;
    if ((p['realm'] !== undefined && p['realm'] !== SIP_REALM) || (p['targetname'] !== undefined && p['targetname'] !== fqdn)) {
      unauthorized('realm/targetname mismatch');
      return;
    }
    const opaque = p['opaque'];
    const gssapi = p['gssapi-data'];
    const known = opaque !== undefined ? store.get(opaque) : undefined;

    if (known?.keys && (gssapi === undefined || gssapi === '')) {
      // signed (re-)REGISTER on an established association
      const ok = p['response'] !== undefined && store.verify(known, signatureString(req, {
        scheme: 'NTLM', rand: p['crand'] ?? '', num: p['cnum'] ?? '', realm: SIP_REALM, targetname: fqdn,
      }), p['response']);
      if (!ok) { store.drop(known.opaque); unauthorized('bad signature'); return; }
      finishRegister(conn, req, known, false);
      return;
    }
    if (gssapi === undefined || gssapi === '' || opaque === undefined || !known) {
      const { sa, gssapiData } = store.challenge();
      note(conn, 'note', 'ntlm: challenge');
      respond(conn, req, 401, 'Unauthorized', [
        dateHeader(),
        { name: 'WWW-Authenticate', value: formatAuthParams('NTLM', [
          ['opaque', sa.opaque], ['gssapi-data', gssapiData], ['targetname', fqdn], ['realm', SIP_REALM],
        ]) },
        ...serverHeader(),
      ]);
      return;
    }
    const outcome = store.authenticate(opaque, gssapi);
    if (!outcome.ok) { unauthorized(`ntlm: ${outcome.reason}`); return; }
    note(conn, 'note', `ntlm: verified ${outcome.sa.user?.username ?? '?'}`);
    finishRegister(conn, req, outcome.sa, true);
  };

  /** other requests: answered (signed when the client signed them) so the signed-in client stays quiet */
  const handleOther = (conn: RegistrarConnection, req: SipMessage): void => {
    const method = (req.method ?? '').toUpperCase();
    if (method === 'ACK' || method === 'CANCEL') return;
    const auth = ntlmAuthorization(req);
    const sa = auth?.params['opaque'] !== undefined ? store.get(auth.params['opaque']) : undefined;
    if (!sa?.keys) {
      respond(conn, req, 401, 'Unauthorized', [dateHeader(), ...challengeHeaders(), ...serverHeader()]);
      return;
    }
    const p = auth?.params ?? {};
    const signed = p['response'] !== undefined && store.verify(sa, signatureString(req, {
      scheme: 'NTLM', rand: p['crand'] ?? '', num: p['cnum'] ?? '', realm: SIP_REALM, targetname: fqdn,
    }), p['response']);
    if (!signed) {
      note(conn, 'note', 'auth: bad signature');
      respond(conn, req, 401, 'Unauthorized', [dateHeader(), ...challengeHeaders(), ...serverHeader()]);
      return;
    }
    const extra: Header[] = [...serverHeader()];
    if (method === 'SUBSCRIBE') {
      extra.unshift({ name: 'Expires', value: headerValue(req, 'Expires') ?? '3600' });
      const ev = headerValue(req, 'Event');
      if (ev !== undefined) extra.unshift({ name: 'Event', value: ev });
    }
    respond(conn, req, 200, 'OK', extra, sa);
  };

  return {
    handle(conn, msg) {
      if (msg.type === 'response') { note(conn, 'in', `SIP/2.0 ${msg.status ?? ''} ${msg.reason ?? ''}`); return; }
      note(conn, 'in', `${msg.method ?? ''} ${msg.uri ?? ''}`);
      if (headerValue(msg, 'Call-ID') === undefined || headerValue(msg, 'CSeq') === undefined ||
        headerValue(msg, 'Via') === undefined || headerValue(msg, 'From') === undefined) {
        if (headerValue(msg, 'Via') !== undefined) respond(conn, msg, 400, 'Bad Request', serverHeader());
        else conn.close();
        return;
      }
      if ((msg.method ?? '').toUpperCase() === 'REGISTER') handleRegister(conn, msg);
      else handleOther(conn, msg);
    },
    malformed(conn, head) {
      note(conn, 'note', 'malformed input');
      const via = head !== undefined ? /^(?:via|v)[ \t]*:[ \t]*(.*)$/im.exec(head)?.[1] : undefined;
      if (via !== undefined) {
        const text = `SIP/2.0 400 Bad Request\r\nVia: ${via.trim()}\r\nContent-Length: 0\r\n\r\n`;
        note(conn, 'out', 'SIP/2.0 400 Bad Request');
        conn.send(text);
      }
      conn.close();
    },
    events: () => log,
  };
}
