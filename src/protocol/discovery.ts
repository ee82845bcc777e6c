/**
 * SIPE 1.25's discovery chain as data (`core/sip-transport.c`, `core/sipe-lync-autodiscover.c`): which names it asks for, in which
 * order, with which transport and port. Pure: `check` runs the lookups, the rules recognise the
 * names, and this says what they are.
 */
import type { Transport } from '../evidence/kinds.js';
import { DEFAULT_SIP_PORT } from './account-settings.js';

export type SipTransport = 'tls' | 'tcp';
export type CandidateVia = 'autodiscover' | 'srv' | 'a' | 'domain' | 'server-setting' | 'redirect';

export interface Candidate {
  host: string;
  port: number;
  transport: SipTransport;
  via: CandidateVia;
  /** the SRV name or autodiscover access (`internal`/`external`) it came from */
  from?: string;
  /**
   * the candidate was named by a peer whose identity was not verified (an autodiscover answer
   * over plain HTTP, a redirect from a plain-TCP or unverified server): why, in words. Credentials
   * never go to such a candidate, whatever its own certificate says.
   */
  unverifiedSource?: string;
}

export interface SrvService {
  name: string;
  transport: SipTransport;
}

export const DEFAULT_PORT: Readonly<Record<SipTransport, number>> = DEFAULT_SIP_PORT;

/** `auto` with a server set means TLS; the A and domain stages map `auto` to TLS too. */
export function effectiveTransport(t: Transport | undefined): SipTransport {
  return t === 'tcp' ? 'tcp' : 'tls';
}

/** SIPE's SRV services, in the order of its AUTO list (service_autodetect). */
const SRV_SERVICES: readonly { prefix: string; transport: SipTransport }[] = [
  { prefix: '_sipinternaltls._tcp.', transport: 'tls' },
  { prefix: '_sipinternal._tcp.', transport: 'tcp' },
  { prefix: '_sip._tls.', transport: 'tls' },
  { prefix: '_sip._tcp.', transport: 'tcp' },
];

/** The SIP domain an SRV name of SIPE's chain asks about (`_sip._tls.corp.example` → `corp.example`). */
export function srvNameDomain(name: string): string | undefined {
  const n = name.trim().replace(/\.$/, '').toLowerCase();
  const s = SRV_SERVICES.find((x) => n.startsWith(x.prefix));
  return s ? n.slice(s.prefix.length) : undefined;
}

/** SRV names for the transport setting, in SIPE's order (service_autodetect / service_tls / service_tcp). */
export function srvServices(domain: string, transport: Transport | undefined): SrvService[] {
  const all: SrvService[] = SRV_SERVICES.map((s) => ({ name: `${s.prefix}${domain}`, transport: s.transport }));
  if (transport === 'tls') return all.filter((s) => s.transport === 'tls');
  if (transport === 'tcp') return all.filter((s) => s.transport === 'tcp');
  return all;
}

/** The A-record stage (since 1.15, MS KB 2619522): host names and fixed ports. */
export function aRecordHosts(domain: string): { host: string; port: number }[] {
  return [
    { host: `sipinternal.${domain}`, port: 5061 },
    { host: `sipexternal.${domain}`, port: 443 },
    { host: `sip.${domain}`, port: 443 },
  ];
}

/** The Lync autodiscover host names, internal first. */
export function autodiscoverHosts(domain: string): string[] {
  return [`lyncdiscoverinternal.${domain}`, `lyncdiscover.${domain}`];
}

/** Every name SIPE's discovery chain asks DNS for, for any transport setting. */
export function discoveryNames(domain: string): string[] {
  return [...srvServices(domain, 'auto').map((s) => s.name), ...autodiscoverHosts(domain), ...aRecordHosts(domain).map((a) => a.host)];
}

/** Lync autodiscover URLs per scheme; both schemes walk them in lock-step (internal first). */
export function autodiscoverUrls(domain: string, address: string, scheme: 'http' | 'https'): string[] {
  return [
    `${scheme}://LyncDiscoverInternal.${domain}/?sipuri=${address}`,
    `${scheme}://LyncDiscover.${domain}/?sipuri=${address}`,
  ];
}
