/**
 * The healthy deployment every scenario starts from: a Lync pool `pool.corp.example` with the
 * DNS records Microsoft documents, autodiscover, web ticket service, and a
 * registrar over TLS and TCP that accepts alice with NTLM. Scenarios override one thing.
 */
import type { Scenario, ScenarioClient, ScenarioSip, ScenarioWeb, ZoneRecord } from '../types.js';

export const LAB_DOMAIN = 'corp.example';
export const LAB_USER = `alice@${LAB_DOMAIN}`;
export const LAB_PASSWORD = 'Passw0rd!';

export const SIP_SRV: ZoneRecord[] = [
  { name: '_sipinternaltls._tcp', type: 'SRV', target: 'pool', port: 'sip-tls' },
  { name: '_sipinternal._tcp', type: 'SRV', target: 'pool', port: 'sip-tcp' },
  { name: '_sip._tls', type: 'SRV', target: 'pool', port: 'sip-tls' },
  { name: '_sip._tcp', type: 'SRV', target: 'pool', port: 'sip-tcp' },
  { name: '_sipfederationtls._tcp', type: 'SRV', target: 'sip', port: 'sip-tls' },
];

export const HOSTS: ZoneRecord[] = [
  { name: 'pool', type: 'A' },
  { name: 'fe01', type: 'A' },
  { name: 'lyncweb', type: 'A' },
  { name: 'adfs', type: 'A' },
  { name: 'sip', type: 'CNAME', target: 'pool' },
  { name: 'sipinternal', type: 'CNAME', target: 'pool' },
  { name: 'sipexternal', type: 'CNAME', target: 'pool' },
  { name: 'lyncdiscover', type: 'CNAME', target: 'lyncweb' },
  { name: 'lyncdiscoverinternal', type: 'CNAME', target: 'lyncweb' },
];

export const HEALTHY_WEB: ScenarioWeb = { cert: 'valid', autodiscover: 'ok', webticket: 'ok', certprov: 'ok' };

export const HEALTHY_SIP: ScenarioSip = {
  transports: ['tls', 'tcp'],
  cert: 'valid',
  authSchemes: ['NTLM'],
  behaviour: { kind: 'normal' },
};

export const HEALTHY_CLIENT: ScenarioClient = {
  user: LAB_USER,
  password: LAB_PASSWORD,
  server: 'registrar',
  transport: 'tls',
  auth: 'ntlm',
};

/** TLS-DSK only, as Office 365 and some on-premises pools: the web ticket / certificate path runs. */
export const TLS_DSK_SIP: ScenarioSip = { ...HEALTHY_SIP, authSchemes: ['TLS-DSK'] };
export const TLS_DSK_CLIENT: ScenarioClient = { ...HEALTHY_CLIENT, auth: 'tls-dsk' };

type Overrides = Omit<Partial<Scenario>, 'zone' | 'web' | 'sip' | 'client'> & {
  name: string;
  description: string;
  expectedRootCause: Scenario['expectedRootCause'];
  sipeShows: string;
  zone?: Partial<Scenario['zone']>;
  web?: Partial<ScenarioWeb>;
  sip?: Partial<ScenarioSip>;
  client?: Partial<ScenarioClient>;
};

/** A scenario = the healthy deployment with the given parts replaced. */
export function scenario(o: Overrides): Scenario {
  return {
    name: o.name,
    description: o.description,
    expectedRootCause: o.expectedRootCause,
    domain: o.domain ?? LAB_DOMAIN,
    zone: { records: [...SIP_SRV, ...HOSTS], ...o.zone },
    web: { ...HEALTHY_WEB, ...o.web },
    sip: { ...HEALTHY_SIP, ...o.sip },
    client: { ...HEALTHY_CLIENT, ...o.client },
    sipeShows: o.sipeShows,
    ...(o.check ? { check: o.check } : {}),
  };
}
