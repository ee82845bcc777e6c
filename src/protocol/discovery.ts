/**
 * SIPE 1.25's discovery chain as data (sipe.md §1.2–1.4): which names it asks for, in which
 * order, with which transport and port. Pure: the probes run the lookups, this says what they mean.
 */
import type { Transport } from '../evidence/kinds.js';

export type SipTransport = 'tls' | 'tcp';
export type CandidateVia = 'autodiscover' | 'srv' | 'a' | 'domain' | 'server-setting' | 'redirect';

export interface Candidate {
  host: string;
  port: number;
  transport: SipTransport;
  via: CandidateVia;
  /** the SRV name or autodiscover access (`internal`/`external`) it came from */
  from?: string;
}

export interface SrvService {
  name: string;
  transport: SipTransport;
}

export const DEFAULT_PORT: Record<SipTransport, number> = { tls: 5061, tcp: 5060 };

/** `auto` with a server set means TLS; the A and domain stages map `auto` to TLS too. */
export function effectiveTransport(t: Transport | undefined): SipTransport {
  return t === 'tcp' ? 'tcp' : 'tls';
}

/** SRV names for the transport setting, in SIPE's order (service_autodetect / service_tls / service_tcp). */
export function srvServices(domain: string, transport: Transport | undefined): SrvService[] {
  const all: SrvService[] = [
    { name: `_sipinternaltls._tcp.${domain}`, transport: 'tls' },
    { name: `_sipinternal._tcp.${domain}`, transport: 'tcp' },
    { name: `_sip._tls.${domain}`, transport: 'tls' },
    { name: `_sip._tcp.${domain}`, transport: 'tcp' },
  ];
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

/** Lync autodiscover URLs per scheme; both schemes walk them in lock-step (internal first). */
export function autodiscoverUrls(domain: string, address: string, scheme: 'http' | 'https'): string[] {
  return [
    `${scheme}://LyncDiscoverInternal.${domain}/?sipuri=${address}`,
    `${scheme}://LyncDiscover.${domain}/?sipuri=${address}`,
  ];
}

/** Skype for Business Online host names (retired 31 July 2021). */
export function isSfbOnlineHost(host: string): boolean {
  return /(^|\.)(online\.lync\.com|infra\.lync\.com)\.?$/i.test(host);
}

/** Lync's strict DNS naming: an SRV target must be the SIP domain or below it. */
export function isInDomain(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const d = domain.toLowerCase();
  return h === d || h.endsWith(`.${d}`);
}
