/**
 * Secret redaction for debug-log lines and message dumps.
 * Runs on raw text before any recognizer, so no draft can ever hold a secret. Secret VALUES become
 * `<redacted>`; header names, scheme names and parameter names stay, so recognizers still see that
 * e.g. `gssapi-data` was present. `redactLine` is pure per line; `createRedactor` also follows
 * multi-line spans (an open `<saml:Assertion>` … close tag, NTLM describe blocks, hex dumps).
 * Over-redaction is acceptable, under-redaction is not. All patterns are linear (no nested quantifiers).
 */
import { REDACTED } from './marker.js';

export { REDACTED } from './marker.js';

export interface Redaction {
  text: string;
  /** number of secret values replaced on this line */
  count: number;
}

export interface Redactor {
  line(text: string): Redaction;
}

/** What `createRedactor` returns: `line`, plus an allocation-free form for the log parser's hot loop. */
export interface StreamRedactor extends Redactor {
  /** the redacted text of the next line; its count is added to `total` */
  text(line: string): string;
  /**
   * The next line's text is not needed (the parser drops it), only its effect on open spans: it is
   * redacted later, and only if a following line depends on it — a new debug line ends every span, so
   * usually it never is (and its secrets are then not counted in `total`).
   */
  defer(line: string): void;
  /** secret values replaced so far by `text` */
  readonly total: number;
}

const TOKEN = String.raw`[A-Za-z0-9!#$%&'*+.^_\x60|~-]+`;
const KNOWN_SCHEMES = /^(?:Basic|Digest|NTLM|Kerberos|TLS-DSK|Negotiate|Bearer|MsRtcOAuth|NTLMSSP)$/i;

/** Parameters secret in any context (names distinctive enough to match anywhere in a line). */
const GLOBAL_SECRET_PARAM = /(?<![\w-])(gssapi-data|rspauth|crand|srand)([ \t]*=[ \t]*)("(?:[^"\\]|\\.)*"?|[^,\s;]*)/gi;
/** Parameters secret inside an authentication header value. */
const AUTH_SECRET_PARAM = /(?<![\w-])(gssapi-data|opaque|response|crand|cnum|rspauth|srand|snum|nextnonce)([ \t]*=[ \t]*)("(?:[^"\\]|\\.)*"?|[^,\s;]*)/gi;
/** `Scheme <token68>` inside a challenge list (HTTP Negotiate / NTLM blobs). */
const CHALLENGE_TOKEN68 = new RegExp(String.raw`(^|,)([ \t]*${TOKEN}[ \t]+)([A-Za-z0-9._~+/-]+=*)(?=[ \t]*(?:,|$))`, 'g');

const AUTHORIZATION_HEADER = /(?<![\w-])((?:Proxy-)?Authorization)([ \t]*:[ \t]*)(.*)$/i;
const CHALLENGE_HEADER = /(?<![\w-])((?:WWW|Proxy)-Authenticate|(?:Proxy-)?Authentication-Info|Auth header)([ \t]*:[ \t]*)(.*)$/i;
const WEBTICKET_HEADER = /(?<![\w-])(X-MS-WebTicket)([ \t]*:[ \t]*)(.*)$/i;
const COOKIE_HEADER = /(?<![\w-])(Set-Cookie2?|Cookie|sipe_http_request_response_callback: cookie)([ \t]*:[ \t]*)(.*)$/i;
const CONTEXT_TOKEN = /(\btoken ')([^']*)(')/g;
const NTLM_SESSION_KEY = /(exported session key[^:]*:[ \t]*)(\S.*)$/i;
const NTLM_MAC = /(NTLM calculated MAC:[ \t]*)(\S.*)$/i;
const NTLM_FIELD = /^([ \t]*)(lm_resp|nt_resp raw|nt_resp|client_challenge|session_key|server_challenge|target_info raw|encrypted_random_session_key|exported_session_key|mic)([ \t]*:[ \t]*)(\S.*)$/i;
const DIGEST_HA = /(?<![\w-])(HA[12])([ \t]*[:=]?[ \t]*)(?!<redacted>)(\S{8,})/g;
const SIGNATURE_TO_VERIFY = /(signature to verify is:[ \t]*)(\S.*)$/i;
/** `sip_sec_verify_signature: message is:<NTLM><srand><snum>…<Call-ID>…` — the signed string itself */
const SIGNED_MESSAGE = /(message is:)(.+?)( signature to verify is:)/i;
const TLS_SECRET = /((?:pre-master secret|master secret|key block|client write (?:MAC )?key|server write (?:MAC )?key)[ \t]*\([ \t]*\d+\)[ \t]*=[ \t]*)(.*)$/i;
const TLS_PRF = /((?:sipe_tls_prf|tls_pkcs1_private_padding|sipe_tls_p_sha1|sipe_tls_p_md5):)(.*)$/i;
const URL_PASSWORD = /((?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)(@)/gi;
const EMAIL_PASSWORD_SETTING = /(name=['"]email_password['"][^>]*>)([^<]+)/gi;
/** form / query / JSON credentials: `password=…`, `"access_token":"…"` (OAuth answers seen by probes) */
const FORM_SECRET = /((?<![\w-])(?:password|passwd|pwd|client_secret|access_token|refresh_token|id_token)=)([^&\s"'<]+)/gi;
const JSON_SECRET = /("(?:password|access_token|refresh_token|id_token|client_secret)"[ \t]*:[ \t]*")((?:[^"\\]|\\.)*)(")/gi;

/**
 * XML elements whose whole content is secret (any namespace prefix, any case): WS-Security headers
 * (web tickets, UsernameToken), SAML, proof-key entropy, PKCS#10 / issued certificates, MRAS relay
 * credentials (`<username>`/`<password>`).
 */
const SECRET_ELEMENT_NAMES = 'Password|Username|Security|Assertion|EncryptedAssertion|BinarySecurityToken|BinarySecret|EncryptedData|CipherValue|SignatureValue|RequestedProofToken|EncryptedKey';
const SECRET_ELEMENT_OPEN = new RegExp(String.raw`<((?:[\w.-]+:)?(?:${SECRET_ELEMENT_NAMES}))(?=[\s/>]|$)`, 'gi');

/**
 * A line that is nothing but a long base64 run (a PEM / PKCS#10 / certificate body wrapped at 64–76
 * columns): secret when it continues a span, and redacted even by the stateless `redactLine`, which
 * cannot know the span it belongs to.
 */
const BARE_BLOB = /^[ \t]*(?=[A-Za-z0-9+/]*\d)(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z])[A-Za-z0-9+/]{40,}={0,2}[ \t]*$/;

/**
 * Fast path: every pattern above needs one of these words (case-insensitive) somewhere in the line,
 * so a line without any of them cannot hold a secret and skips all patterns. Keep it in step with
 * the patterns: each alternative names the patterns it covers. redact.test.ts checks the fast path
 * against the full pattern run on every fixture and on generated lines.
 */
const ANCHORS: readonly string[] = [
  'auth', //                      (Proxy-)Authorization, WWW-/Proxy-Authenticate, Authentication-Info, Auth header, rspauth
  'cookie', 'webticket', //       Cookie / Set-Cookie / callback cookie, X-MS-WebTicket
  'gssapi', 'crand', 'srand', //  GLOBAL_SECRET_PARAM
  'token', //                     token '…', *_token=, "access_token", RequestedProofToken, BinarySecurityToken
  'session', //                   exported session key, session_key, encrypted_random_session_key
  'calculated mac', 'signature to verify', 'message is', // NTLM MAC, signed message, NTLM describe blocks
  '://', //                       URL_PASSWORD
  'passw', 'pwd', 'secret', //    FORM/JSON secrets, email_password, Password elements, TLS (pre-)master secret
  '_resp', 'challenge', 'target_info', // NTLM_FIELD (and `mic:` below)
  'ha1', 'ha2', //                DIGEST_HA
  'key block', 'write', 'tls_p', // TLS_SECRET, TLS_PRF
  'username', 'security', 'assertion', 'binarysec', 'encrypted', 'ciphervalue', 'signaturevalue', // secret XML elements
];

/** The anchors as one regex, factored by first letter (one dispatch per position instead of one try per word). */
function anchorRegex(words: readonly string[]): RegExp {
  const byFirst = new Map<string, string[]>();
  for (const w of words) {
    const rest = byFirst.get(w[0] as string) ?? [];
    rest.push(escapeRe(w.slice(1)));
    byFirst.set(w[0] as string, rest);
  }
  const alternatives = [...byFirst].map(([first, rest]) => `${escapeRe(first)}(?:${rest.join('|')})`);
  return new RegExp(`${alternatives.join('|')}|^[ \\t]*mic[ \\t]*:`, 'i');
}

const MAYBE_SECRET = anchorRegex(ANCHORS);

/** Can this line hold a secret at all? (false → it is returned unchanged) */
function mayHoldSecret(text: string): boolean {
  if (MAYBE_SECRET.test(text)) return true;
  // BARE_BLOB needs 40 base64 characters from the start (after blanks): not a `(HH:MM:SS)` line
  return text.length >= 40 && text.charCodeAt(0) !== 40 && BARE_BLOB.test(text);
}

/** A libpurple debug line or dump boundary: a multi-line secret span can never run past it. */
const RECORD_START = /^(?:\(\d{1,2}:\d{2}:\d{2}\) [^:]{1,60}: |MESSAGE (?:START|END) |MESSAGE [<>]{10} )/;

interface LineResult extends Redaction {
  /** qualified name of a secret element left open at the end of the line */
  openElement?: string;
  /** the line ended inside an authentication header (folded continuation may follow) */
  authHeader?: 'authorization' | 'challenge';
  /** an NTLM describe block or TLS secret hex dump starts after this line */
  block?: 'ntlm' | 'hex';
}

function quoteLike(original: string): string {
  return original.startsWith('"') ? `"${REDACTED}"` : REDACTED;
}

/** Replace secret params' values; empty values (e.g. the first NTLM leg's `gssapi-data=""`) are kept. */
function redactParams(value: string, re: RegExp): Redaction {
  let count = 0;
  const text = value.replace(re, (all, name: string, sep: string, v: string) => {
    if (v === '' || v === '""' || v === `"${REDACTED}"` || v === REDACTED) return all;
    count++;
    return `${name}${sep}${quoteLike(v)}`;
  });
  return { text, count };
}

function redactChallengeValue(value: string): Redaction {
  let count = 0;
  const t68 = value.replace(CHALLENGE_TOKEN68, (all, lead: string, scheme: string, blob: string) => {
    if (blob === REDACTED || KNOWN_SCHEMES.test(blob)) return all;
    count++;
    return `${lead}${scheme}${REDACTED}`;
  });
  const p = redactParams(t68, AUTH_SECRET_PARAM);
  return { text: p.text, count: count + p.count };
}

function redactAuthorizationValue(value: string): Redaction {
  const m = new RegExp(String.raw`^(${TOKEN})([ \t]+)(.*)$`).exec(value);
  if (m) {
    const rest = (m[3] as string).trim();
    if (rest === '' || rest === REDACTED) return { text: value, count: 0 };
    return { text: `${m[1]}${m[2]}${REDACTED}`, count: 1 };
  }
  const v = value.trim();
  if (v === '' || v === REDACTED || KNOWN_SCHEMES.test(v)) return { text: value, count: 0 };
  return { text: REDACTED, count: 1 };
}

function redactCookieValue(value: string): Redaction {
  let count = 0;
  const keep = /^(?:path|domain|expires|max-age|samesite|secure|httponly|version|comment|priority|partitioned)$/i;
  const text = value.split(';').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0) return pair;
    const name = pair.slice(0, eq);
    const v = pair.slice(eq + 1);
    if (keep.test(name.trim()) || v.trim() === '' || v.trim() === REDACTED) return pair;
    count++;
    return `${name}=${REDACTED}`;
  }).join(';');
  return { text, count };
}

/** Apply a header-style rule: `<prefix name><sep><value>` → value rewritten by `fn`. */
function headerRule(text: string, re: RegExp, fn: (v: string) => Redaction): Redaction & { hit: boolean } {
  const m = re.exec(text);
  if (!m) return { text, count: 0, hit: false };
  const r = fn(m[3] as string);
  return { text: `${text.slice(0, m.index)}${m[1]}${m[2]}${r.text}`, count: r.count, hit: true };
}

function simpleRule(text: string, re: RegExp): Redaction {
  let count = 0;
  const out = text.replace(re, (all, lead: string, secret: string, ...rest: unknown[]) => {
    const tail = typeof rest[0] === 'string' ? rest[0] : '';
    if (secret.trim() === '' || secret === REDACTED || secret === '<NULL>' || secret === '(null)') return all;
    count++;
    return `${lead}${REDACTED}${tail}`;
  });
  return { text: out, count };
}

/** Redact secret XML elements on one line; reports an element left open at the end. */
function redactElements(text: string): Redaction & { openElement?: string } {
  let count = 0;
  let out = '';
  let pos = 0;
  SECRET_ELEMENT_OPEN.lastIndex = 0;
  for (;;) {
    SECRET_ELEMENT_OPEN.lastIndex = pos;
    const m = SECRET_ELEMENT_OPEN.exec(text);
    if (!m) break;
    const name = m[1] as string;
    const tagEnd = text.indexOf('>', SECRET_ELEMENT_OPEN.lastIndex);
    if (tagEnd >= 0 && text[tagEnd - 1] === '/') {
      // self-closing: nothing inside
      out += text.slice(pos, tagEnd + 1);
      pos = tagEnd + 1;
      continue;
    }
    // search forward from the open tag without slicing (keeps long lines linear)
    const closeRe = closeTag(name);
    const searchFrom = tagEnd >= 0 ? tagEnd + 1 : text.length;
    closeRe.lastIndex = searchFrom;
    const close = closeRe.exec(text);
    const content = close ? text.slice(searchFrom, close.index) : text.slice(searchFrom);
    out += `${text.slice(pos, m.index)}<${name}>${REDACTED}`;
    if (content !== REDACTED || tagEnd < 0 || text.slice(SECRET_ELEMENT_OPEN.lastIndex, tagEnd).trim() !== '') count++;
    if (!close) return { text: out, count, openElement: name };
    out += close[0];
    pos = close.index + close[0].length;
  }
  return { text: out + text.slice(pos), count };
}

const closeTagCache = new Map<string, RegExp>();
/** `</name>` finder (global, so callers search from lastIndex without slicing) */
function closeTag(name: string): RegExp {
  const key = name.toLowerCase();
  let re = closeTagCache.get(key);
  if (!re) {
    re = new RegExp(String.raw`</${escapeRe(name)}\s*>`, 'gi');
    if (closeTagCache.size < 256) closeTagCache.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

/** The same secret elements written XML-escaped (`&lt;wsse:Password&gt;…&lt;/wsse:Password&gt;`), one line at a time. */
const ESCAPED_ELEMENT = new RegExp(String.raw`(&lt;((?:[\w.-]+:)?(?:${SECRET_ELEMENT_NAMES}))(?:\s[^&]*?)?&gt;)((?:(?!&lt;/\2&gt;)[\s\S])*)(&lt;/\2&gt;|$)`, 'gi');

function redactEscapedElements(text: string): Redaction {
  if (!text.includes('&lt;')) return { text, count: 0 };
  let count = 0;
  const out = text.replace(ESCAPED_ELEMENT, (all, _open: string, name: string, content: string, close: string) => {
    if (content === '' || content === REDACTED) return all;
    count++;
    return `&lt;${name}&gt;${REDACTED}${close}`;
  });
  return { text: out, count };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Lines longer than this are replaced whole: no real debug line comes near it, and it keeps the
 * work per line bounded whatever the input.
 */
export const MAX_REDACT_LINE_CHARS = 1024 * 1024;

function redactLineDetailed(input: string, fastPath = true): LineResult {
  if (input.length > MAX_REDACT_LINE_CHARS) return { text: REDACTED, count: 1 };
  if (fastPath && !mayHoldSecret(input)) return { text: input, count: 0 };
  if (BARE_BLOB.test(input)) return { text: REDACTED, count: 1 };
  let text = input;
  let count = 0;
  const add = (r: Redaction): void => { text = r.text; count += r.count; };
  let authHeader: LineResult['authHeader'];
  let block: LineResult['block'];

  // each pattern runs only on a line with the words it needs (what the fast-path test checks against
  // running every pattern); lower-case words are looked up case-insensitively, in the line as it came
  const lower = fastPath ? input.toLowerCase() : '';
  const has = (word: string): boolean => !fastPath || lower.includes(word);
  const hasExact = (word: string): boolean => !fastPath || text.includes(word);

  // XML first: an element's content is removed wholesale, whatever it contains
  const el = hasExact('<') ? redactElements(text) : { text, count: 0 };
  add(el);

  const a = has('authorization') ? headerRule(text, AUTHORIZATION_HEADER, redactAuthorizationValue) : { text, count: 0, hit: false };
  add(a);
  if (a.hit) authHeader = 'authorization';
  else if (has('authenticat') || has('auth header')) {
    const c = headerRule(text, CHALLENGE_HEADER, redactChallengeValue);
    add(c);
    if (c.hit) authHeader = 'challenge';
  }
  if (has('x-ms-webticket')) {
    add(headerRule(text, WEBTICKET_HEADER, (v) => {
      const m = /^([ \t]*opaque[ \t]*=[ \t]*)(.*)$/i.exec(v);
      if (m) return (m[2] as string).trim() === '' || m[2] === REDACTED ? { text: v, count: 0 } : { text: `${m[1]}${REDACTED}`, count: 1 };
      return v.trim() === '' || v === REDACTED ? { text: v, count: 0 } : { text: REDACTED, count: 1 };
    }));
  }
  if (has('cookie')) add(headerRule(text, COOKIE_HEADER, redactCookieValue));
  if (hasExact('=')) add(redactParams(text, GLOBAL_SECRET_PARAM));
  if (hasExact("token '")) add(simpleRule(text, CONTEXT_TOKEN));
  if (has('exported session key')) add(simpleRule(text, NTLM_SESSION_KEY));
  if (has('ntlm calculated mac:')) add(simpleRule(text, NTLM_MAC));
  const sm = has('message is:') ? SIGNED_MESSAGE.exec(text) : null;
  if (sm && sm[2] !== REDACTED) {
    text = `${text.slice(0, sm.index)}${sm[1]}${REDACTED}${sm[3]}${text.slice(sm.index + sm[0].length)}`;
    count++;
  }
  if (has('signature to verify is:')) add(simpleRule(text, SIGNATURE_TO_VERIFY));
  if (hasExact('://') && hasExact('@')) add(simpleRule(text, URL_PASSWORD));
  if (has('email_password')) add(simpleRule(text, EMAIL_PASSWORD_SETTING));
  if (hasExact('=')) add(simpleRule(text, FORM_SECRET));
  if (hasExact('"')) add(simpleRule(text, JSON_SECRET));
  add(redactEscapedElements(text));
  const f = hasExact(':') ? NTLM_FIELD.exec(text) : null;
  if (f && f[4] !== REDACTED) { text = `${f[1]}${f[2]}${f[3]}${REDACTED}`; count++; }
  if (hasExact('HA1') || hasExact('HA2')) text = text.replace(DIGEST_HA, (_all, name: string, sep: string) => { count++; return `${name}${sep}${REDACTED}`; });

  const tls = has('secret') || has('key block') || has('write') ? TLS_SECRET.exec(text) ?? TLS_PRF.exec(text) : has('tls_p') ? TLS_PRF.exec(text) : null;
  if (tls) {
    const secret = tls[2] as string;
    if (secret.trim() !== '' && secret.trim() !== REDACTED) {
      text = `${text.slice(0, tls.index)}${tls[1]}${tls[1]?.endsWith(' ') || tls[1]?.endsWith('=') ? '' : ' '}${REDACTED}`;
      count++;
    }
    block = 'hex';
  }
  if (has('message is:') && /ntlm_message_describe: .*message is:|Challenge message is:|Negotiate or Authenticate message is:/i.test(text)) block = 'ntlm';

  const out: LineResult = { text, count };
  if (el.openElement !== undefined) out.openElement = el.openElement;
  if (authHeader !== undefined) out.authHeader = authHeader;
  if (block !== undefined) out.block = block;
  return out;
}

/** Redact one line on its own (no memory of previous lines). */
export function redactLine(text: string): Redaction {
  const r = redactLineDetailed(text);
  return { text: r.text, count: r.count };
}

/**
 * A redactor that remembers multi-line spans: the content of a secret XML element until its close
 * tag, folded continuation lines of authentication headers, NTLM describe blocks (TAB-indented
 * lines) and TLS-DSK secret hex dumps. Any new libpurple debug line ends every span.
 */
export function createRedactor(opts: { fastPath?: boolean } = {}): StreamRedactor {
  const fastPath = opts.fastPath ?? true;
  const detailed = (text: string): LineResult => redactLineDetailed(text, fastPath);
  let openElement: string | undefined;
  let authHeader: LineResult['authHeader'];
  let block: LineResult['block'];

  const finish = (r: LineResult): Redaction => {
    openElement = r.openElement;
    authHeader = r.authHeader;
    block = r.block;
    return { text: r.text, count: r.count };
  };

  let total = 0;
  const noSpanOpen = (): boolean => openElement === undefined && authHeader === undefined && block === undefined;
  /**
   * Deferred lines since the last record start among them (their effect on the spans is pending):
   * that record start, then the lines after it (allocated only when there are any).
   */
  let deferredStart: string | undefined;
  let deferredMore: string[] | undefined;
  let deferredChars = 0;
  const hasDeferred = (): boolean => deferredStart !== undefined || deferredMore !== undefined;

  /** Redact the deferred lines now (state and count), in order. */
  const replayDeferred = (): void => {
    const start = deferredStart;
    const more = deferredMore;
    deferredStart = undefined;
    deferredMore = undefined;
    deferredChars = 0;
    if (start !== undefined) total += line(start).count;
    if (more) for (const l of more) total += line(l).count;
  };

  /** Bring the span state up to date before a line that depends on it. */
  const settle = (next: string): void => {
    // a record start resets every span: what came before does not matter
    if (RECORD_START.test(next)) {
      deferredStart = undefined;
      deferredMore = undefined;
      deferredChars = 0;
      openElement = undefined;
      authHeader = undefined;
      block = undefined;
      return;
    }
    replayDeferred();
  };

  const line = (text: string): Redaction => {
    if (hasDeferred()) settle(text);
    // no span open: resetting at a record start changes nothing, the line stands alone
    if (fastPath && noSpanOpen()) {
      return text.length <= MAX_REDACT_LINE_CHARS && !mayHoldSecret(text) ? { text, count: 0 } : finish(detailed(text));
    }
    if (RECORD_START.test(text)) {
      openElement = undefined;
      authHeader = undefined;
      block = undefined;
      return finish(detailed(text));
    }
    if (text.length > MAX_REDACT_LINE_CHARS) return { text: REDACTED, count: 1 };
    if (openElement !== undefined) {
      const close = closeTag(openElement).exec(text);
      if (!close) {
        return text.trim() === '' ? { text, count: 0 } : { text: REDACTED, count: 1 };
      }
      const name = openElement;
      openElement = undefined;
      const rest = finish(detailed(text.slice(close.index + close[0].length)));
      const secretPart = text.slice(0, close.index).trim() === '' ? text.slice(0, close.index) : REDACTED;
      const counted = secretPart === REDACTED ? 1 : 0;
      return { text: `${secretPart}</${name}>${rest.text}`, count: rest.count + counted };
    }
    if (authHeader !== undefined && /^[ \t]+\S/.test(text)) {
      // folded continuation of an Authorization / challenge header
      if (authHeader === 'authorization') {
        return { text: text.replace(/\S.*$/, REDACTED), count: 1 };
      }
      const r = detailed(text);
      const p = redactChallengeParamsOnly(r.text);
      return { text: p.text, count: r.count + p.count };
    }
    if (block === 'ntlm' && /^[ \t]/.test(text)) {
      const r = detailed(text);
      // unknown field holding a long hex / base64 blob: treat as secret too
      const m = /^([ \t]+[^:]{1,40}:[ \t]*)([0-9A-Fa-f]{16,}|[A-Za-z0-9+/]{24,}={0,2})[ \t]*$/.exec(r.text);
      if (m) return { text: `${m[1]}${REDACTED}`, count: r.count + 1 };
      return { text: r.text, count: r.count };
    }
    if (block === 'hex' && /^[ \t]*(?:[0-9A-Fa-f]{2}[ \t:]*)+$/.test(text)) {
      return { text: REDACTED, count: 1 };
    }
    return finish(detailed(text));
  };

  return {
    line,
    defer(input: string): void {
      if (RECORD_START.test(input)) {
        deferredStart = input;
        deferredMore = undefined;
        deferredChars = input.length;
        return;
      }
      (deferredMore ??= []).push(input);
      deferredChars += input.length;
      // bounded memory: a long run of deferred lines is redacted now
      if (deferredMore.length > 10_000 || deferredChars > 4 * 1024 * 1024) replayDeferred();
    },
    text(input: string): string {
      if (hasDeferred()) settle(input);
      // hot path: no span open and nothing that could be a secret → the line itself, no allocation
      if (fastPath && input.length <= MAX_REDACT_LINE_CHARS && noSpanOpen() && !mayHoldSecret(input)) return input;
      const r = line(input);
      total += r.count;
      return r.text;
    },
    get total(): number {
      return total;
    },
  };
}

function redactChallengeParamsOnly(text: string): Redaction {
  return redactParams(text, AUTH_SECRET_PARAM);
}
