/**
 * Normalise Node / undici / OpenSSL error codes to the evidence vocabulary's outcomes, so a probe
 * failure and the matching log wording land on the same literal (architecture §2.5).
 */
import type { NetOutcome } from '../evidence/kinds.js';

export function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'UND_ERR_CONNECT' && code !== 'UND_ERR') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  const top = e && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
  return typeof top === 'string' ? top : undefined;
}

const TLS_CERT_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE', 'HOSTNAME_MISMATCH',
  'CERT_CHAIN_TOO_LONG', 'INVALID_CA', 'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
]);

export function isTlsError(code: string | undefined): boolean {
  return !!code && (TLS_CERT_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'));
}

export function isCertificateError(code: string | undefined): boolean {
  return !!code && TLS_CERT_CODES.has(code);
}

export function isDnsError(code: string | undefined): boolean {
  return code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA' || code === 'ESERVFAIL';
}

export function netOutcomeOf(e: unknown, aborted = false): NetOutcome {
  const code = errorCode(e);
  const name = e && typeof e === 'object' ? (e as { name?: unknown }).name : undefined;
  if (aborted || name === 'AbortError' || name === 'TimeoutError') return 'timeout';
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'reset';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'ABORT_ERR':
      return 'timeout';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return 'unreachable';
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_SOCKET':
      return 'closed';
    default:
      return 'error';
  }
}

/** A failure of the HTTP proxy itself (the adapter's CONNECT), found anywhere in an error's cause chain. */
export interface ProxyFailure {
  host: string;
  port: number;
  outcome: 'closed' | 'reset' | 'timeout' | 'refused' | 'rejected' | 'auth-required' | 'error';
  status?: number;
  detail: string;
}

export function proxyFailureOf(e: unknown): ProxyFailure | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const p = (cur as { proxy?: unknown }).proxy;
    if (p && typeof p === 'object' && typeof (p as ProxyFailure).host === 'string' && typeof (p as ProxyFailure).outcome === 'string') return p as ProxyFailure;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}
