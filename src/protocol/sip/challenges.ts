import type { AuthChallenge } from '../../evidence/kinds.js';
import { isSecretAuthParam, REDACTED } from './secret-params.js';

/** more challenges than this in one value are ignored */
const MAX_CHALLENGES = 64;
/** more parameters than this in one challenge are ignored */
const MAX_PARAMS = 64;

/** RFC 7230 token characters. */
const TOKEN = /[A-Za-z0-9!#$%&'*+.^_`|~-]+/y;
/** RFC 7235 token68 (base64-ish blob) standing alone before a comma or the end. */
const TOKEN68 = /[A-Za-z0-9._~+/-]+=*(?=[ \t]*(?:,|$))/y;

/**
 * Parse a `WWW-Authenticate` / `Proxy-Authenticate` / `Authentication-Info` / `Authorization` value
 * into challenges. Usually one challenge per header, but RFC 7235 allows several comma-separated
 * ones; a new challenge starts where a token is followed by a space instead of `=`. Parameter names
 * are lower-cased, the scheme keeps its case. Secret parameter values and token68 blobs come back as
 * `<redacted>` (the token68 one under the name `token68`) unless `keepSecrets` — only the two ends
 * of the exchange (the live probe, the lab registrar) keep them, and never store them. Never
 * throws; linear time.
 */
export function parseChallenges(value: string, opts: { keepSecrets?: boolean } = {}): AuthChallenge[] {
  const secret = (name: string, raw: string): string => (!opts.keepSecrets && isSecretAuthParam(name) ? REDACTED : raw);
  const out: AuthChallenge[] = [];
  const n = value.length;
  let i = 0;

  const isWs = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
  const skipWs = (): void => { while (i < n && isWs(value[i])) i++; };
  const readToken = (): string | undefined => {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(value);
    if (!m) return undefined;
    i = TOKEN.lastIndex;
    return m[0];
  };
  /** skip to just after the next top-level comma (used to resynchronise on garbage) */
  const skipToComma = (): void => {
    let q = false;
    for (; i < n; i++) {
      const c = value[i];
      if (q) { if (c === '\\') i++; else if (c === '"') q = false; }
      else if (c === '"') q = true;
      else if (c === ',') { i++; return; }
    }
  };
  const readQuoted = (): string => {
    // value[i] === '"'
    i++;
    let s = '';
    while (i < n) {
      const c = value[i] as string;
      if (c === '\\' && i + 1 < n) { s += value[i + 1]; i += 2; continue; }
      if (c === '"') { i++; break; }
      s += c;
      i++;
    }
    return s;
  };
  const readBare = (): string => {
    const start = i;
    while (i < n && value[i] !== ',') i++;
    return value.slice(start, i).trim();
  };

  while (i < n && out.length < MAX_CHALLENGES) {
    while (i < n && (isWs(value[i]) || value[i] === ',')) i++;
    if (i >= n) break;
    const scheme = readToken();
    if (scheme === undefined) { i++; skipToComma(); continue; }
    const params: Record<string, string> = {};
    skipWs();
    TOKEN68.lastIndex = i;
    if (value[i] !== ',' && TOKEN68.exec(value)) {
      // `Negotiate <b64>` / `NTLM <b64>`: an opaque blob, a secret whatever its name
      const start = i;
      i = TOKEN68.lastIndex;
      params['token68'] = opts.keepSecrets ? value.slice(start, i) : REDACTED;
      out.push({ scheme, params });
      continue;
    }
    for (;;) {
      skipWs();
      const save = i;
      const name = readToken();
      if (name === undefined) { if (i < n && value[i] !== ',') skipToComma(); break; }
      skipWs();
      if (value[i] !== '=') { i = save; break; } // a new challenge's scheme
      i++;
      skipWs();
      const raw = value[i] === '"' ? readQuoted() : readBare();
      const key = name.toLowerCase();
      if (!Object.prototype.hasOwnProperty.call(params, key) && Object.keys(params).length < MAX_PARAMS) {
        params[key] = secret(key, raw);
      }
      skipWs();
      if (i >= n) break;
      if (value[i] !== ',') { skipToComma(); continue; }
      i++;
    }
    out.push({ scheme, params });
  }
  return out;
}

/** One scheme's parameters of an authentication header, secrets included (the probe and the lab's own exchange). */
export interface AuthParams {
  scheme: string;
  params: Record<string, string>;
}

/** `NTLM qop="auth", realm="…", gssapi-data="…"` → the first challenge with every value, unquoted. */
export function parseAuthParams(value: string): AuthParams | undefined {
  const c = parseChallenges(value, { keepSecrets: true })[0];
  return c ? { scheme: c.scheme, params: { ...c.params } } : undefined;
}

/** `NTLM name="value", version=3`: parameters in the order given; values quoted unless listed in `bare`. */
export function formatAuthParams(scheme: string, params: readonly (readonly [string, string])[], bare: readonly string[] = ['version']): string {
  return `${scheme} ${params.map(([k, v]) => (bare.includes(k) ? `${k}=${v}` : `${k}="${v}"`)).join(', ')}`;
}
