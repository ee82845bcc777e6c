/**
 * The output redactor: removes secrets from any text the tool is about to show or save, by the
 * NAME of the parameter that holds them and by the SHAPE of the value, whatever the syntax around
 * it (URL query or fragment, form body, JSON — plain or escaped inside a string —, XML attribute or
 * element, HTTP/SIP header, "Name: value" line). It also runs the SIPE debug-line rules of
 * `log-lines.ts` on every line, so both redactors agree. Pure; over-redaction is acceptable,
 * under-redaction is not. Patterns are linear (no nested quantifiers over the same characters).
 */
import { redactLine } from './log-lines.js';
import { REDACTED } from './marker.js';

/** Names secret in any context (compared after percent-decoding, lower-cased, without `-_.`). */
const SECRET_NAMES = new Set([
  'pass', 'passwd', 'password', 'pwd', 'passphrase', 'secret', 'clientsecret', 'token', 'accesstoken', 'refreshtoken',
  'idtoken', 'apikey', 'xapikey', 'authorization', 'proxyauthorization', 'ticket', 'webticket', 'xmswebticket',
  'samlresponse', 'samlrequest', 'samlart', 'wresult', 'assertion', 'sessionid', 'jsessionid', 'phpsessid', 'aspsessionid',
  'sessionkey', 'sessiontoken', 'cookie', 'setcookie', 'credential', 'credentials', 'privatekey', 'accesskey',
  'secretkey', 'accountkey', 'sharedaccesskey', 'sharedaccesssignature', 'signature', 'otp', 'gssapidata', 'rspauth',
  'emailpassword', 'securitytoken',
]);
/** Endings that make a compound name secret (`userPassword`, `x-auth-token`, `email_password` …). */
const SECRET_SUFFIX = /(?:password|passwd|passphrase|secret|token|apikey|ticket|assertion|sessionid|credentials?|privatekey|accesskey|secretkey|cookie)$/;
/** Short names that are secret only as a URL query / fragment / form parameter (`?code=`, `&sig=`). */
const QUERY_SECRET_NAMES = new Set(['code', 'sig', 'key', 'auth', 'sid', 'se', 'skey', 'hash', 'nonce', 'state', 'pin', 'sessionstate']);

function decodeName(raw: string): string {
  let name = raw;
  for (let i = 0; i < 2 && name.includes('%'); i++) {
    try {
      name = decodeURIComponent(name);
    } catch {
      name = name.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    }
  }
  return name;
}

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Does this (raw, possibly percent-encoded) parameter name say secret? */
export function isSecretName(raw: string, queryContext = false): boolean {
  const decoded = decodeName(raw);
  // an encoded URL ahead of the name (`https%3A%2F%2Fh%2Fp%3Fcode`): judge its last segment
  const sep = Math.max(decoded.lastIndexOf('?'), decoded.lastIndexOf('&'), decoded.lastIndexOf('#'), decoded.lastIndexOf(';'));
  const last = normaliseName(sep >= 0 ? decoded.slice(sep + 1) : decoded);
  if (last === '') return false;
  if (SECRET_NAMES.has(last) || SECRET_SUFFIX.test(last)) return true;
  return (queryContext || sep >= 0) && QUERY_SECRET_NAMES.has(last);
}

const KEEP_VALUES = new Set(['', REDACTED, `"${REDACTED}"`, `'${REDACTED}'`, '""', "''", 'null', 'true', 'false', 'none', '(null)', '<null>', '*', '********']);

function keep(value: string): boolean {
  return KEEP_VALUES.has(value.trim().toLowerCase()) || value.includes(REDACTED);
}

function masked(value: string): string {
  const q = value[0];
  if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) return `${q}${REDACTED}${q}`;
  return REDACTED;
}

/**
 * `name=value` and `name = value` (query, fragment, form, cookie, XML/HTML attribute, `pwd = x`), the
 * separator possibly percent-encoded once or twice; the value ends at the next separator.
 */
const NAME_VALUE = /(?<![A-Za-z0-9%_.-])((?:[A-Za-z0-9_.-]|%[0-9A-Fa-f]{2})+)([ \t]*(?:=|%3[Dd]|%253[Dd])[ \t]*)("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|(?:[^\s&"'<>\\#;,%]|%(?!26|2526|3[Bb]|253[Bb])[0-9A-Fa-f]{2}|%(?![0-9A-Fa-f]{2}))+)/g;
/** JSON member `"name": "value"` (or a number / bare word). */
const JSON_MEMBER = /("((?:[^"\\\n]|\\.){1,80})"[ \t]*:[ \t]*)("(?:[^"\\\n]|\\.)*"|[^\s,}\]"]+)/g;
/** JSON written inside a JSON string: `\"name\":\"value\"`. */
const ESCAPED_JSON_MEMBER = /(\\"([^"\\\n]{1,80})\\"[ \t]*:[ \t]*)(\\"(?:[^"\\\n]|\\[^"\n])*\\"|[^\s,}\]"\\]+)/g;
/** `Name: value` after a blank, a line start or `, ; { (` — headers, config dumps, error texts (to the end of the line). */
const NAME_COLON = /((?:^|(?<=[\s,;{(]))[>*-]*)([A-Za-z][A-Za-z0-9_.-]{1,60})([ \t]*:[ \t]*)(?!\/\/)(\S[^\n]*)/gm;
/** `<name …>value</name>` for secret names (any namespace prefix). */
const XML_ELEMENT = /<((?:[\w.-]+:)?([A-Za-z][\w.-]{0,60}))(\s[^<>]*)?>([^<]+)<\/\1\s*>/g;
/** HTML/XML-escaped form of the same. */
const ESCAPED_XML_ELEMENT = /&lt;((?:[\w.-]+:)?([A-Za-z][\w.-]{0,60}))((?:\s(?:(?!&gt;)[^<>])*)?)&gt;((?:(?!&lt;)[^<>])+)&lt;\/\1\s*&gt;/g;

/** URL userinfo `scheme://user:password@host`: the password goes, the user stays (PII is another flag). */
const URL_USERINFO = /((?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:"'<>]*:)([^\s/?#@"'<>]+)(@)/gi;
const PEM_PRIVATE_KEY = /(-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----)[\s\S]*?(?:-----END \2PRIVATE KEY-----|$)/g;
/** `Basic|Bearer|NTLM|Negotiate|Kerberos|TLS-DSK <blob>` anywhere (not only in a header). */
const SCHEME_BLOB = /\b(Basic|Bearer|NTLM|Negotiate|Kerberos|TLS-DSK|MsRtcOAuth|Digest)([ \t]+)([A-Za-z0-9._~+/-]{8,}=*)/g;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
/** NTLMSSP messages (base64 `TlRMTVNTUA…`, hex `4e544c4d5353500`), SPNEGO/Kerberos (`YII…`, `oY…`), TLS records (`FgM…`). */
const BLOB_SHAPES = /(?:TlRMTVNTUA|4[Ee]544[Cc]4[Dd]5353500)[A-Za-z0-9+/]*={0,2}|\b(?:YII|oI[GI]|oY[GI]|FgM[BCD])[A-Za-z0-9+/]{24,}={0,2}/g;

function looksLikeBlob(value: string): boolean {
  // a word of prose is not a credential: ask for a digit, a base64 symbol, or an upper-case letter after a lower-case one
  return /\d|[+/=._~-]|[a-z][A-Z]/.test(value);
}

export interface SecretRedaction {
  text: string;
  count: number;
}

/** Redact every secret in `text` (any number of lines). */
export function redactSecretsCounted(input: string): SecretRedaction {
  let count = 0;
  let text = input;
  const sub = (re: RegExp, fn: (...m: string[]) => string | undefined): void => {
    text = text.replace(re, (...args: unknown[]) => {
      const groups = args.slice(0, -2).filter((a): a is string => typeof a === 'string' || a === undefined).map((a) => a ?? '');
      const r = fn(...groups);
      if (r === undefined) return groups[0] as string;
      count++;
      return r;
    });
  };

  sub(PEM_PRIVATE_KEY, (_all, begin, kind) => `${begin}${REDACTED}-----END ${kind}PRIVATE KEY-----`);
  sub(URL_USERINFO, (_all, lead, pass, at) => (keep(pass ?? '') ? undefined : `${lead}${REDACTED}${at}`));
  sub(JSON_MEMBER, (_all, lead, name, value) => (isSecretName(name ?? '') && !keep(value ?? '') ? `${lead}${masked(value ?? '')}` : undefined));
  sub(ESCAPED_JSON_MEMBER, (_all, lead, name, value) => (isSecretName(name ?? '') && !keep(value ?? '') ? `${lead}${value?.startsWith('\\"') ? `\\"${REDACTED}\\"` : REDACTED}` : undefined));
  sub(XML_ELEMENT, (_all, qname, local, attrs, value) => (isSecretName(local ?? '') && !keep(value ?? '') ? `<${qname}${attrs}>${REDACTED}</${qname}>` : undefined));
  sub(ESCAPED_XML_ELEMENT, (_all, qname, local, attrs, value) => (isSecretName(local ?? '') && !keep(value ?? '') ? `&lt;${qname}${attrs}&gt;${REDACTED}&lt;/${qname}&gt;` : undefined));
  const nameValue = (all: string, name: string, sep: string, value: string, offset: number, whole: string, depth = 0): string => {
    const before = whole[offset - 1] ?? '';
    const query = before === '?' || before === '&' || before === '#' || before === ';' || /%(?:3[Ff]|26|23)$/.test(whole.slice(Math.max(0, offset - 3), offset));
    if (!isSecretName(name, query)) {
      // a URL carried percent-encoded in the value (`next=https%3A%2F%2Fsts%2F%3Ftoken%3D…`): look inside
      if (depth < 2 && /%(?:25)?3[Dd]/.test(value)) {
        return `${name}${sep}${value.replace(NAME_VALUE, (a: string, n: string, sp: string, v: string, o: number, w: string) => nameValue(a, n, sp, v, o, w, depth + 1))}`;
      }
      return all;
    }
    if (keep(value)) return all;
    count++;
    return `${name}${sep}${masked(value)}`;
  };
  text = text.replace(NAME_VALUE, (all: string, name: string, sep: string, value: string, offset: number, whole: string) => nameValue(all, name, sep, value, offset, whole));
  sub(NAME_COLON, (_all, lead, name, sep, value) => (isSecretName(name ?? '') && !keep(value ?? '') ? `${lead}${name}${sep}${REDACTED}` : undefined));
  sub(SCHEME_BLOB, (_all, scheme, sp, blob) => (looksLikeBlob(blob ?? '') ? `${scheme}${sp}${REDACTED}` : undefined));
  sub(JWT, () => REDACTED);
  sub(BLOB_SHAPES, () => REDACTED);

  // the SIPE debug-line rules (Authorization / challenge headers, NTLM describe fields, TLS-DSK
  // secrets, SAML / WS-Security elements, bare base64 runs …), line by line
  if (text.length > 0) {
    const lines = text.split('\n');
    let changed = false;
    for (let i = 0; i < lines.length; i++) {
      const r = redactLine(lines[i] as string);
      if (r.count > 0) {
        lines[i] = r.text;
        count += r.count;
        changed = true;
      }
    }
    if (changed) text = lines.join('\n');
  }
  return { text, count };
}

/** Redact every secret in `text`. */
export function redactSecrets(text: string): string {
  return redactSecretsCounted(text).text;
}

/**
 * A deep copy of a JSON-like value with every string redacted, and the value of any member whose
 * name says secret (`password`, `accessToken`, `X-MS-WebTicket` …) replaced when it is a string.
 * Structure, numbers and booleans are kept, so a report stays a report.
 */
export function redactSecretsDeep<T>(value: T, memo?: RedactionMemo): T {
  return deep(value, new WeakMap(), 0, memo) as T;
}

/**
 * Texts already redacted, for a caller that redacts many similar values (triage: every report's
 * titles, remediation steps, rule ids and evidence kinds recur file after file). Redaction depends
 * only on the text, so a remembered answer is the answer. Bounded: short texts only, in two
 * generations of `maxEntries` — when the newer is full it replaces the older, and a text found in
 * the older is carried over, so the texts every report repeats stay while one-off texts age out.
 */
export class RedactionMemo {
  private young = new Map<string, string>();
  private old = new Map<string, string>();
  constructor(
    private readonly maxEntries = 16_384,
    private readonly maxChars = 512,
  ) {}

  redact(text: string): string {
    if (text.length > this.maxChars) return redactSecrets(text);
    let out = this.young.get(text);
    if (out !== undefined) return out;
    out = this.old.get(text) ?? redactSecrets(text);
    if (this.young.size >= this.maxEntries) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(text, out);
    return out;
  }
}

function deep(value: unknown, seen: WeakMap<object, unknown>, depth: number, memo?: RedactionMemo): unknown {
  if (typeof value === 'string') return value.length === 0 ? value : memo ? memo.redact(value) : redactSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value)) return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (depth > 64) return REDACTED;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const v of value) out.push(deep(v, seen, depth + 1, memo));
    return out;
  }
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    seen.set(value, out);
    for (const [k, v] of value) out.set(k, typeof k === 'string' && typeof v === 'string' && isSecretName(k) && !keep(v) ? REDACTED : deep(v, seen, depth + 1, memo));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set<unknown>();
    seen.set(value, out);
    for (const v of value) out.add(deep(v, seen, depth + 1, memo));
    return out;
  }
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = typeof v === 'string' && isSecretName(k) && !keep(v) ? REDACTED : deep(v, seen, depth + 1, memo);
  }
  return out;
}
