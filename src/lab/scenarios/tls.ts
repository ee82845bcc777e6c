/** Scenarios of the TLS step: which certificate the registrar presents, which TLS it speaks. */
import type { Scenario } from '../types.js';
import { scenario } from './base.js';

const CERT_DIALOG = 'A certificate dialog ("Accept certificate for 127.0.0.1?"); rejecting it gives "SSL peer presented an invalid certificate".';

export const TLS_SCENARIOS: Scenario[] = [
  scenario({
    name: 'tls-untrusted-certificate',
    description: 'The SIP server presents a self-signed certificate that no trusted authority issued.',
    expectedRootCause: 'tls-untrusted-certificate',
    sip: { cert: 'self-signed' },
    sipeShows: CERT_DIALOG,
  }),
  scenario({
    name: 'tls-missing-intermediate',
    description: 'The SIP server sends its certificate without the issuing CA certificate, so the chain cannot be completed.',
    expectedRootCause: 'tls-untrusted-certificate',
    sip: { cert: 'missing-intermediate' },
    sipeShows: CERT_DIALOG,
  }),
  scenario({
    name: 'tls-hostname-mismatch',
    description: "The SIP server presents another site's certificate that does not name the server the client connected to.",
    expectedRootCause: 'tls-hostname-mismatch',
    sip: { cert: 'wrong-host' },
    sipeShows: CERT_DIALOG,
  }),
  scenario({
    name: 'tls-certificate-expired',
    description: "The SIP server's certificate expired two days ago.",
    expectedRootCause: 'tls-certificate-expired',
    sip: { cert: 'expired' },
    sipeShows: CERT_DIALOG,
  }),
  scenario({
    name: 'tls-certificate-not-yet-valid',
    description: "The SIP server's certificate only becomes valid next month (wrong clock when it was issued).",
    expectedRootCause: 'tls-certificate-expired',
    sip: { cert: 'not-yet-valid' },
    sipeShows: CERT_DIALOG,
  }),
  scenario({
    name: 'tls-handshake-failed',
    description: 'The SIP server only speaks TLS 1.0, which current clients no longer accept.',
    expectedRootCause: 'tls-handshake-failed',
    sip: { tlsMode: 'tls10-only' },
    sipeShows: 'SSL Handshake Failed.',
  }),
  scenario({
    name: 'tls-port-speaks-tcp',
    description: 'The port the client uses for TLS is a plain-TCP SIP port (Connection type TLS against the TCP listener).',
    expectedRootCause: 'tls-handshake-failed',
    sip: { tlsMode: 'plain' },
    sipeShows: 'SSL Handshake Failed.',
  }),
];
