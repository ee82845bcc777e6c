/**
 * A REGISTER shaped like SIPE 1.25's: same request URI, header set and order,
 * Contact parameters and Supported list, so a server's policy sees what it would see from SIPE.
 * Pure: identifiers come in from the caller.
 */
import { formatAuthParams } from '../protocol/sip/challenges.js';

export interface RegisterDialog {
  /** the SIP domain: request URI `sip:<domain>` */
  domain: string;
  /** sign-in address without `sip:` */
  address: string;
  transport: 'tls' | 'tcp';
  local: { address: string; port: number };
  tag: string;
  /** 12 hex */
  epid: string;
  callId: string;
  /** `urn:uuid:…` value of +sip.instance */
  instance: string;
}

export function buildRegister(d: RegisterDialog, o: { cseq: number; branch: string; userAgent: string; authorization?: string }): string {
  const host = d.local.address.includes(':') ? `[${d.local.address}]` : d.local.address;
  const lines = [
    `REGISTER sip:${d.domain} SIP/2.0`,
    `Via: SIP/2.0/${d.transport} ${host}:${d.local.port};branch=${o.branch}`,
    `From: <sip:${d.address}>;tag=${d.tag};epid=${d.epid}`,
    `To: <sip:${d.address}>`,
    'Max-Forwards: 70',
    `CSeq: ${o.cseq} REGISTER`,
    `User-Agent: ${o.userAgent}`,
    `Call-ID: ${d.callId}`,
    `Contact: <sip:${host}:${d.local.port};transport=${d.transport};ms-opaque=d3470f2e1d>;methods="INVITE, MESSAGE, INFO, SUBSCRIBE, OPTIONS, BYE, CANCEL, NOTIFY, ACK, REFER, BENOTIFY";proxy=replace;+sip.instance="<${d.instance}>"`,
    'Supported: gruu-10, adhoclist, msrtc-event-categories, com.microsoft.msrtc.presence',
    'Event: registration',
    'Allow-Events: presence',
    'ms-keep-alive: UAC;hop-hop=yes',
    'Content-Length: 0',
  ];
  if (o.authorization) lines.push(`Authorization: ${o.authorization}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Fresh dialog identifiers in SIPE's formats from random bytes. */
export function newDialogIds(random: (n: number) => Uint8Array): Pick<RegisterDialog, 'tag' | 'epid' | 'callId' | 'instance'> {
  const u = Buffer.from(random(16));
  u[6] = (u[6]! & 0x0f) | 0x50;
  u[8] = (u[8]! & 0x3f) | 0x80;
  const h = u.toString('hex');
  return {
    tag: String(Buffer.from(random(4)).readUInt32BE(0) % 1_000_000_000),
    epid: hexOf(random(6)),
    callId: Buffer.from(random(30)).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 40),
    instance: `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`,
  };
}

export function newBranch(random: (n: number) => Uint8Array): string {
  return `z9hG4bK${hexOf(random(10)).toUpperCase()}`;
}

/** `NTLM qop="auth", …` in SIPE's parameter order. */
export function authorizationHeader(p: {
  scheme: string;
  opaque?: string;
  realm: string;
  targetname: string;
  gssapiData?: string;
  version?: number;
  crand?: string;
  cnum?: string;
  response?: string;
}): string {
  const params: [string, string][] = [['qop', 'auth']];
  if (p.opaque !== undefined) params.push(['opaque', p.opaque]);
  params.push(['realm', p.realm], ['targetname', p.targetname]);
  if (p.gssapiData !== undefined) params.push(['gssapi-data', p.gssapiData]);
  if (p.version !== undefined) params.push(['version', String(p.version)]);
  if (p.crand !== undefined) params.push(['crand', p.crand], ['cnum', p.cnum ?? '1'], ['response', p.response ?? '']);
  return formatAuthParams(p.scheme, params);
}
