/** Scenarios of the discovery, network and autodiscover steps (DNS zones, ports, lyncdiscover answers). */
import type { Scenario } from '../types.js';
import { HOSTS, scenario } from './base.js';

const withoutLyncdiscover = HOSTS.filter((r) => !r.name.startsWith('lyncdiscover'));
/**
 * Only lyncdiscover / lyncdiscoverinternal (and the web and pool hosts they lead to): no SRV record
 * and no sip/sipinternal/sipexternal name, so when autodiscover's answer is unusable SIPE has no
 * server left and falls back to the bare domain, which does not resolve.
 */
const autodiscoverOnly = HOSTS.filter((r) => r.type === 'A' || r.name.startsWith('lyncdiscover'));

export const DISCOVERY_SCENARIOS: Scenario[] = [
  scenario({
    name: 'healthy',
    description: 'A working Lync pool: DNS, certificates, autodiscover and sign-in are all correct.',
    expectedRootCause: null,
    sipeShows: 'Signs in (the account goes online).',
  }),
  scenario({
    name: 'healthy-autodiscover',
    description: 'A working Lync pool reached with a blank Server field through lyncdiscover and SRV records.',
    expectedRootCause: null,
    client: { server: 'blank', transport: 'auto' },
    sipeShows: 'Signs in (the account goes online).',
  }),
  scenario({
    name: 'dns-no-sip-records',
    description: 'The SIP domain publishes no lyncdiscover, SRV or sip/sipinternal/sipexternal records at all.',
    expectedRootCause: 'dns-no-sip-records',
    zone: { records: [] },
    client: { server: 'blank', transport: 'auto' },
    sipeShows: 'SSL Connection Failed (after trying every candidate; the log says "no SRV or A records found; using SIP domain as fallback").',
  }),
  scenario({
    name: 'dns-host-unresolvable',
    description: 'The SRV record names a pool host that has no A record, so the server name does not resolve.',
    expectedRootCause: 'dns-host-unresolvable',
    zone: {
      records: [
        { name: '_sipinternaltls._tcp', type: 'SRV', target: 'pool-old', port: 'sip-tls' },
        { name: '_sip._tls', type: 'SRV', target: 'pool-old', port: 'sip-tls' },
      ],
    },
    client: { server: 'blank', transport: 'auto' },
    sipeShows: 'SSL Connection Failed (the log shows "Error resolving pool-old.corp.example").',
  }),
  scenario({
    name: 'dns-srv-foreign-domain',
    description: "The SRV record points at pool.other.example, a pool outside the SIP domain (strict DNS naming) that does not home corp.example's users and refuses the sign-in.",
    expectedRootCause: 'dns-srv-foreign-domain',
    // the foreign pool authenticates, then does not find the user: 404 with ms-diagnostics 4006
    sip: {
      behaviour: {
        kind: 'reject', status: 404, reason: 'Not Found', stage: 'after-auth',
        msDiagnostics: '4006;reason="User not found in pool."',
      },
    },
    zone: {
      records: [
        { name: '_sipinternaltls._tcp', type: 'SRV', target: 'pool.other.example.', port: 'sip-tls' },
        { name: '_sip._tls', type: 'SRV', target: 'pool.other.example.', port: 'sip-tls' },
        { name: 'pool.other.example.', type: 'A' },
        ...withoutLyncdiscover.filter((r) => r.name !== 'sip' && r.name !== 'sipinternal' && r.name !== 'sipexternal'),
      ],
      extraOrigins: ['other.example'],
    },
    client: { server: 'blank', transport: 'auto' },
    sipeShows: 'Not found: User not found in pool.. Please contact your Administrator',
  }),
  scenario({
    name: 'sfb-online-retired',
    description: "The domain's DNS still points at Skype for Business Online (sipdir/webdir.online.lync.com), which Microsoft retired in July 2021.",
    expectedRootCause: 'sfb-online-retired',
    zone: {
      records: [
        { name: '_sip._tls', type: 'SRV', target: 'sipdir.online.lync.com.', port: 'sip-tls', priority: 100, weight: 1 },
        { name: '_sipfederationtls._tcp', type: 'SRV', target: 'sipfed.online.lync.com.', port: 'sip-tls', priority: 100, weight: 1 },
        { name: 'sip', type: 'CNAME', target: 'sipdir.online.lync.com.' },
        { name: 'lyncdiscover', type: 'CNAME', target: 'webdir.online.lync.com.' },
        { name: 'sipdir.online.lync.com.', type: 'A' },
        { name: 'sipfed.online.lync.com.', type: 'A' },
        { name: 'webdir.online.lync.com.', type: 'A' },
        { name: 'lyncweb', type: 'A' },
      ],
      extraOrigins: ['online.lync.com'],
    },
    sip: { authSchemes: ['TLS-DSK'] },
    web: { webticket: 'fault' },
    client: { server: 'blank', transport: 'auto', auth: 'auto' },
    sipeShows: 'SSL Connection Failed or "Web ticket request to https://…/CertProvisioningService.svc failed"; no setting makes it work.',
  }),
  scenario({
    name: 'tcp-connect-refused',
    description: 'The SRV record and the Server field name a port where nothing listens (service down or wrong port).',
    expectedRootCause: 'tcp-connect-refused',
    zone: {
      records: [
        { name: '_sipinternaltls._tcp', type: 'SRV', target: 'pool', port: 'closed' },
        { name: '_sip._tls', type: 'SRV', target: 'pool', port: 'closed' },
        ...withoutLyncdiscover,
      ],
    },
    client: { server: 'closed' },
    sipeShows: 'SSL Connection Failed (TLS) / Could not connect (TCP).',
  }),
  scenario({
    name: 'tcp-connect-timeout',
    description: 'The SIP port swallows connections and never answers, like a firewall dropping packets or a VPN that is not connected.',
    expectedRootCause: 'tcp-connect-timeout',
    zone: {
      records: [
        { name: '_sipinternaltls._tcp', type: 'SRV', target: 'pool', port: 'stall' },
        { name: '_sip._tls', type: 'SRV', target: 'pool', port: 'stall' },
        ...withoutLyncdiscover,
      ],
    },
    client: { server: 'stall' },
    sipeShows: 'Stays at "Connecting" for a long time, then SSL Connection Failed / Could not connect.',
  }),
  scenario({
    name: 'autodiscover-failed',
    description: 'The domain publishes only lyncdiscover, which answers with an HTML captive-portal page instead of the autodiscover document; there are no SRV records to fall back to.',
    expectedRootCause: 'autodiscover-failed',
    zone: { records: autodiscoverOnly },
    web: { autodiscover: 'html-portal' },
    client: { server: 'blank', transport: 'auto' },
    sipeShows: 'SSL Connection Failed (SIPE skips the HTML answer, finds no SRV or A record and falls back to the bare domain).',
  }),
  scenario({
    name: 'autodiscover-broken-redirect',
    description: 'The domain publishes only lyncdiscover, which redirects to a pool host name that no longer exists in DNS; there are no SRV records to fall back to.',
    expectedRootCause: 'autodiscover-failed',
    zone: { records: autodiscoverOnly },
    web: { autodiscover: 'broken-redirect' },
    client: { server: 'blank', transport: 'auto' },
    sipeShows: 'SSL Connection Failed (SIPE gives up on autodiscover, finds no SRV or A record and falls back to the bare domain).',
  }),
  scenario({
    name: 'autodiscover-no-webticket-url',
    description: 'The domain publishes only lyncdiscover, and its User link answers 401 without the X-MS-WebTicketURL header, so no client can authenticate to it; there are no SRV records to fall back to.',
    expectedRootCause: 'autodiscover-failed',
    zone: { records: autodiscoverOnly },
    web: { autodiscover: 'no-webticket-url' },
    client: { server: 'blank', transport: 'auto' },
    sipeShows: 'SSL Connection Failed (SIPE gets no server list from autodiscover, finds no SRV or A record and falls back to the bare domain).',
  }),
  scenario({
    name: 'server-disconnected',
    description: 'The server accepts the connection and closes it as soon as the client sends REGISTER.',
    expectedRootCause: 'server-disconnected',
    sip: { behaviour: { kind: 'close' } },
    sipeShows: 'Server has disconnected.',
  }),
];
