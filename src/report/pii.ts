/**
 * Consistent pseudonymisation of personal / site data in text that leaves the machine
 * (`--anonymize` reports, triage bundles). Same input value → same placeholder within one
 * pseudonymizer, different values → different placeholders:
 *   user@domain / sip:user@domain → user1@domain1.example
 *   DOMAIN\user                   → DOMAIN1\user1 (the user part shares the address user map)
 *   fe01.corp.example             → host1.domain1.example (domain part shares the domain map)
 *   corp.example                  → domain1.example
 *   IPv4 → 192.0.2.N (then 198.51.100.N, 203.0.113.N), IPv6 → 2001:db8::N
 * Well-known public names (Microsoft / Office 365 endpoints, XML namespace hosts) and loopback
 * addresses are kept, because they carry diagnostic meaning and identify nobody. Pure.
 */

export interface Pseudonymizer {
  pseudonymize(text: string): string;
  /**
   * Name an input file (a path or a name such as `jsmith@contoso-corp.com.log`): from now on it,
   * its base name and `name:line` references to it read with their personal parts replaced
   * (`user1@domain1.example.log`). Returns the name as shown.
   */
  registerFile(name: string): string;
}

/**
 * Certificate subject / issuer attributes that name an organisation or a place (the CN is a host
 * name, handled by the host rules). The value runs to the next RDN separator.
 */
const DN_ATTRIBUTE = /((?<![\w-])(O|OU|L|ST|S|STREET|street|postalCode|DC)[ \t]?=[ \t]?)((?:(?![ \t]+(?:issuer|subject|Issuer|Subject)\b)[^,+/\n"<>\\;=])+)/g;
const DN_PLACEHOLDER = /^(?:org|unit|place|region|street|postcode|dc)\d+$/;
/** Candidate file references in text: a run without blanks, quotes or brackets. */
const FILE_TOKEN = /[^\s"'<>()[\]{},;|`]+/g;
const FILE_EXTENSION = /(?:\.(?:log|txt|out|xml|json|jsonl|html?|md|csv))?(?:\.(?:gz|bz2|xz|zip))?$/i;
export interface PseudonymizerOptions {
  /**
   * Most values remembered per kind (users, domains, hosts, …), least recently used forgotten
   * first; unbounded when absent. See Table for what stays true beyond the cap.
   */
  maxEntries?: number | undefined;
}

/** Public suffixes kept verbatim (the name itself or any sub-domain of it). */
const PUBLIC_SUFFIXES: readonly string[] = [
  'microsoft.com', 'lync.com', 'microsoftonline.com', 'microsoftonline-p.com', 'microsoftonline-p.net',
  'office365.com', 'office.com', 'office.net', 'outlook.com', 'live.com', 'live.net', 'windows.net',
  'windows.com', 'skype.com', 'sfbassets.com', 'msocsp.com', 'msftncsi.com', 'azure.com',
  'xmlsoap.org', 'w3.org', 'oasis-open.org', 'openxmlformats.org', 'xmlsoap.com', 'ietf.org',
  'example.com', 'example.net', 'example.org',
  'sourceforge.net', 'github.com', 'pidgin.im', 'gnome.org', 'debian.org', 'ubuntu.com', 'launchpad.net',
  'digicert.com', 'verisign.com', 'letsencrypt.org', 'globalsign.com', 'entrust.net', 'godaddy.com',
  'sectigo.com', 'comodoca.com', 'usertrust.com', 'msft.net', 'akamaiedge.net', 'akamai.net',
];

/** Generic and internal top-level labels accepted as host names (2-letter ccTLDs are accepted too). */
const GENERIC_TLDS = new Set([
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'name', 'pro', 'mobi', 'aero', 'coop', 'museum',
  'io', 'app', 'dev', 'cloud', 'online', 'site', 'tech', 'xyz', 'eu', 'asia', 'global', 'group', 'company',
  'local', 'lan', 'corp', 'internal', 'intranet', 'intra', 'home', 'private', 'localdomain', 'domain', 'ad',
  'example', 'test', 'invalid', 'loc', 'priv', 'office', 'network', 'systems', 'solutions', 'services',
]);
/** Two-letter endings that are far more often file extensions than countries in debug logs. */
const FILE_EXTENSIONS = new Set([
  'so', 'mo', 'po', 'md', 'sh', 'py', 'js', 'ts', 'gz', 'xz', 'bz', 'cs', 'pl', 'pm', 'rb', 'go', 'rs', 'hs',
  'ml', 'db', 'ps', 'ai', 'hh', 'cc',
]);

/** Already produced placeholders are never mapped again (so running twice is harmless). */
const PLACEHOLDER = /^(?:user\d+|host\d+|domain\d+|DOMAIN\d+|tenant\d+\.onmicrosoft\.com|host\d+\.domain\d+\.example|domain\d+\.example|user\d+@(?:host\d+\.)?domain\d+\.example)$/;

const IPV4_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/*
 * Candidates use single character classes only (no nested repetition), so matching stays linear
 * and needs no backtracking stack on multi-megabyte input; validation happens in code.
 */
const MAIN = new RegExp([
  // user@domain (SIP address, e-mail, UPN)
  `(?<addr>(?<![\\w.%+-])(?<local>[A-Za-z0-9][A-Za-z0-9._%+-]*)@(?<adom>[A-Za-z0-9_.-]+))`,
  // DOMAIN\\user
  `(?<nblogin>(?<![\\w.\\\\-])(?<nb>[A-Za-z][A-Za-z0-9-]{0,14})\\\\(?<nbuser>[A-Za-z0-9][A-Za-z0-9._$-]*))`,
  // IPv4 (not a product version such as OC/1.2.3.4)
  `(?<ip4>(?<![\\w.])(?<![A-Za-z]/)${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}(?![\\w]|\\.\\d))`,
  // IPv6 candidate, validated in code
  `(?<ip6>(?<![\\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?::(?:\\d{1,3}\\.){3}\\d{1,3})?(?![\\w:]))`,
  // dotted host / domain name candidate, validated in code
  `(?<host>(?<![\\w.@-])[A-Za-z0-9_-]+\\.[A-Za-z0-9_.-]+)`,
].join('|'), 'g');

/** Split a candidate into the name and trailing punctuation that is not part of it (`corp.example.` at a sentence end). */
function splitTrailing(candidate: string): [string, string] {
  const m = /[.\-_]+$/.exec(candidate);
  return m ? [candidate.slice(0, m.index), m[0]] : [candidate, ''];
}

/** A character one of the patterns below needs (`.` `@` `\\` `:` `/` `'`, `=` of a certificate subject). */
const MAY_HOLD_NAMES = /[.@\\:/'=]/;
/** Strings up to this length are remembered with their pseudonymized form… */
const STRING_CACHE_MAX_LENGTH = 4096;
/** …up to this many characters in all (a few MB), then the cache starts again. */
const STRING_CACHE_CHARS = 2_000_000;

/** Keyword forms where a bare user / NetBIOS / host name appears without a dot or @. */
const BARE_USER = /(\buser ')([^'\s@\\/.]+)(')/g;
const NTLM_FIELD = /^([ \t]+)(user|domain|host)(: )(\S+)[ \t]*$/;
const HOME_DIR = /(\/home\/|\/Users\/|\\Users\\|\\Documents and Settings\\)([^\\/\s'"]+)/g;

function isPublicName(name: string): boolean {
  const n = name.toLowerCase();
  if (n === 'localhost' || n.endsWith('.localhost')) return true;
  return PUBLIC_SUFFIXES.some((s) => n === s || n.endsWith(`.${s}`));
}

function acceptableTld(tld: string): boolean {
  const t = tld.toLowerCase();
  if (!/^[a-z]{2,63}$/.test(t)) return false;
  if (t.length === 2) return !FILE_EXTENSIONS.has(t);
  return GENERIC_TLDS.has(t);
}

function validHostName(name: string): boolean {
  const labels = name.split('.');
  if (labels.length < 2 || name.length > 253) return false;
  if (!labels.every((l) => l.length > 0 && l.length <= 63 && !l.startsWith('-') && !l.endsWith('-'))) return false;
  return acceptableTld(labels[labels.length - 1] as string);
}

function isIPv6(s: string): boolean {
  const addr = s.replace(/%[\w.]+$/, '');
  let tail = addr;
  let extraGroups = 0;
  const v4 = /:((?:\d{1,3}\.){3}\d{1,3})$/.exec(addr);
  if (v4) {
    if (!(v4[1] as string).split('.').every((o) => Number(o) <= 255)) return false;
    tail = addr.slice(0, v4.index + 1) + '0';
    extraGroups = 1;
  }
  const dbl = tail.split('::');
  if (dbl.length > 2) return false;
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const all = dbl.flatMap(groups);
  if (!all.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = all.length + extraGroups;
  return dbl.length === 2 ? count <= 7 : count === 8;
}

function isKeptIPv4(ip: string): boolean {
  return ip.startsWith('127.') || ip === '0.0.0.0' || ip === '255.255.255.255';
}

function isKeptIPv6(ip: string): boolean {
  const n = ip.toLowerCase();
  return n === '::1' || n === '::' || n === '0:0:0:0:0:0:0:1';
}

/**
 * A numbered mapping: key → placeholder built from the 1-based number. With a `cap`, the table
 * keeps only the `cap` most recently used keys (a batch of any size holds bounded memory); numbers
 * are never reused, so a placeholder always stands for one value: a value not seen for `cap`
 * other values may get a second placeholder, never someone else's.
 */
class Table {
  private readonly map = new Map<string, string>();
  private readonly produced = new Set<string>();
  private count = 0;
  constructor(
    private readonly make: (n: number) => string,
    private readonly cap = Infinity,
  ) {}
  /** the placeholder for `key`; a value this table produced itself maps to itself (re-runs are stable) */
  get(key: string): string {
    if (this.produced.has(key)) return key;
    let v = this.map.get(key);
    if (v === undefined) {
      v = this.make(++this.count);
      if (this.map.size >= this.cap) this.evictOldest();
      this.map.set(key, v);
      this.produced.add(v);
    } else if (this.cap !== Infinity) {
      // most recently used last
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  get size(): number {
    return this.map.size;
  }
  private evictOldest(): void {
    const oldest = this.map.entries().next();
    if (oldest.done) return;
    const [k, v] = oldest.value;
    this.map.delete(k);
    this.produced.delete(v);
  }
}

function ipv4Placeholder(n: number): string {
  const nets = ['192.0.2', '198.51.100', '203.0.113'];
  const i = n - 1;
  const net = nets[Math.floor(i / 254)];
  if (net !== undefined) return `${net}.${(i % 254) + 1}`;
  const j = i - 254 * nets.length; // beyond 762 distinct addresses: 100.64.0.0/10 shared space
  return `100.${64 + Math.floor(j / 65025) % 64}.${Math.floor(j / 255) % 255}.${(j % 255) + 1}`;
}

export function createPseudonymizer(opts: PseudonymizerOptions = {}): Pseudonymizer & { readonly remembered: number } {
  const cap = opts.maxEntries ?? Infinity;
  const users = new Table((n) => `user${n}`, cap);
  const domains = new Table((n) => `domain${n}.example`, cap);
  const netbios = new Table((n) => `DOMAIN${n}`, cap);
  const hosts = new Table((n) => `host${n}`, cap);
  const tenants = new Table((n) => `tenant${n}`, cap);
  const ip4 = new Table(ipv4Placeholder, cap);
  const ip6 = new Table((n) => `2001:db8::${n.toString(16)}`, cap);
  const tables = [users, domains, netbios, hosts, tenants, ip4, ip6];
  const memoCap = Math.min(50_000, cap);
  const strings = new Map<string, string>();
  const stringsCap = Math.min(20_000, cap);
  let stringChars = 0;
  const dn: Record<string, Table> = {
    o: new Table((n) => `org${n}`, cap), ou: new Table((n) => `unit${n}`, cap), l: new Table((n) => `place${n}`, cap),
    st: new Table((n) => `region${n}`, cap), s: new Table((n) => `region${n}`, cap), street: new Table((n) => `street${n}`, cap),
    postalcode: new Table((n) => `postcode${n}`, cap), dc: new Table((n) => `dc${n}`, cap),
  };
  dn['s'] = dn['st'] as Table;
  const files = new Map<string, string>();
  const registerFile = (name: string): string => {
    const known = files.get(name);
    if (known !== undefined) return known;
    // the personal parts of the name (an address, a host, an IP, a home directory) are replaced
    // like anywhere else; `notes.txt` stays `notes.txt`
    const ext = FILE_EXTENSION.exec(name)?.[0] ?? '';
    const stem = name.slice(0, name.length - ext.length);
    const mapped = `${stem.split(/([_\\/ ]+)/).map((part, i) => (i % 2 === 1 ? part : pseudonymizeText(part))).join('')}${ext}`;
    if (mapped === name) return name;
    files.set(name, mapped);
    files.set(mapped, mapped);
    const base = name.split(/[\\/]/).pop() ?? name;
    const mappedBase = mapped.split(/[\\/]/).pop() ?? mapped;
    if (base !== '' && !files.has(base)) files.set(base, mappedBase);
    return mapped;
  };
  const replaceFiles = (text: string): string => text.replace(FILE_TOKEN, (token) => {
    const hit = files.get(token);
    if (hit !== undefined) return hit;
    // `name:224-234`, `name:12`, a trailing period
    const m = /^(.*?)((?::\d+(?:-\d+)?)?[.:]?)$/.exec(token);
    const name = m?.[1] ?? token;
    const mapped = files.get(name) ?? files.get(name.split(/[\\/]/).pop() ?? name);
    return mapped !== undefined && name !== '' ? `${mapped}${m?.[2] ?? ''}` : token;
  });
  const replaceDn = (text: string): string => text.replace(DN_ATTRIBUTE, (all, lead: string, attr: string, value: string) => {
    const v = value.trim();
    if (v === '' || DN_PLACEHOLDER.test(v) || v === '<redacted>') return all;
    const t = dn[attr.toLowerCase()];
    return t ? `${lead}${t.get(v.toLowerCase())}${value.slice(value.trimEnd().length)}` : all;
  });

  const domain = (name: string): string => {
    const n = name.toLowerCase().replace(/\.$/, '');
    if (isPublicName(n) || PLACEHOLDER.test(n)) return name;
    return domains.get(n);
  };
  const host = (name: string): string => {
    const n = name.toLowerCase();
    if (isPublicName(n) || PLACEHOLDER.test(n)) return name;
    // Office 365 tenant names keep their public suffix (it says "cloud account"), the tenant is hidden
    const tenant = /^(?:[a-z0-9_-]+\.)*([a-z0-9_-]+)\.(onmicrosoft\.com|sharepoint\.com|mail\.onmicrosoft\.com)$/.exec(n);
    if (tenant) return `${tenants.get(tenant[1] as string)}.${tenant[2] as string}`;
    const labels = n.split('.');
    if (labels.length <= 2) return domain(n);
    return `${hosts.get(n)}.${domain(labels.slice(1).join('.'))}`;
  };
  const user = (local: string): string => (PLACEHOLDER.test(local) ? local : users.get(local.toLowerCase()));

  // a token always maps the same way once seen, so repeated tokens skip validation
  const memo = new Map<string, string>();
  const replaceMain = (text: string): string => text.replace(MAIN, (all: string, ...args: unknown[]) => {
    const g = args[args.length - 1] as Record<string, string | undefined>;
    // the alternative that matched is part of the key: the same text can be an IP here and a version there
    const key = `${g['addr'] !== undefined ? 'a' : g['nblogin'] !== undefined ? 'n' : g['ip4'] !== undefined ? '4' : g['ip6'] !== undefined ? '6' : 'h'}${all}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const out = replaceToken(all, g);
    // a bounded cache: emptied when full (an entry may outlive its table entry; it stays a correct mapping)
    if (memo.size >= memoCap) memo.clear();
    memo.set(key, out);
    return out;
  });
  const replaceToken = (all: string, g: Record<string, string | undefined>): string => {
    if (g['addr'] !== undefined) {
      const [adom, tail] = splitTrailing(g['adom'] as string);
      const local = g['local'] as string;
      if (validHostName(adom)) return `${user(local)}@${host(adom)}${tail}`;
      if (/^(?:\d{1,3}\.){3}\d{1,3}$/.test(adom) && adom.split('.').every((o) => Number(o) <= 255)) {
        return `${user(local)}@${isKeptIPv4(adom) ? adom : ip4.get(adom)}${tail}`;
      }
      return all;
    }
    if (g['nblogin'] !== undefined) {
      const nb = g['nb'] as string;
      const [nbUser, tail] = splitTrailing(g['nbuser'] as string);
      if (nbUser === '') return all;
      const nbOut = PLACEHOLDER.test(nb) ? nb : netbios.get(nb.toUpperCase());
      return `${nbOut}\\${user(nbUser)}${tail}`;
    }
    if (g['ip4'] !== undefined) return isKeptIPv4(all) ? all : ip4.get(all);
    if (g['ip6'] !== undefined) {
      if (!isIPv6(all) || isKeptIPv6(all) || /^2001:db8::[0-9a-f]+$/i.test(all)) return all;
      return ip6.get(all.toLowerCase());
    }
    if (g['host'] !== undefined) {
      const [name, tail] = splitTrailing(all);
      return validHostName(name) ? `${host(name)}${tail}` : all;
    }
    return all;
  };

  return {
    registerFile,
    get remembered(): number {
      return tables.reduce((n, t) => n + t.size, 0) + memo.size + files.size;
    },
    pseudonymize(text: string): string {
      if (typeof text !== 'string' || text === '') return text;
      // file names first: `jsmith@contoso-corp.com.log` is one name, not an address plus `.log`
      const named = files.size > 0 ? replaceFiles(text) : text;
      // every pattern needs one of these characters: text without them holds nothing to replace
      if (!MAY_HOLD_NAMES.test(named)) return named;
      // reports repeat the same strings (advice, titles, file names): once mapped, a string always maps
      // the same way, like a token (a bounded cache, emptied when full)
      const cacheable = named.length <= STRING_CACHE_MAX_LENGTH;
      if (cacheable) {
        const hit = strings.get(named);
        if (hit !== undefined) return hit;
      }
      const out = pseudonymizeText(named);
      if (cacheable) {
        if (strings.size >= stringsCap || stringChars > STRING_CACHE_CHARS) {
          strings.clear();
          stringChars = 0;
        }
        strings.set(named, out);
        stringChars += named.length + out.length;
      }
      return out;
    },
  };

  function pseudonymizeText(text: string): string {
      let out = replaceDn(text);
      out = replaceMain(out);
      out = out.replace(BARE_USER, (_a, pre: string, u: string, post: string) => `${pre}${user(u)}${post}`);
      out = out.replace(HOME_DIR, (_a, pre: string, u: string) => `${pre}${user(u)}`);
      out = out.split('\n').map((line) => {
        const m = NTLM_FIELD.exec(line);
        if (!m) return line;
        const [, ind, field, sep, v] = m as unknown as [string, string, string, string, string];
        // addresses, DOMAIN\\user and dotted names were already handled by the main pass
        if (PLACEHOLDER.test(v) || v === '(null)' || /[@\\.]/.test(v)) return line;
        const mapped = field === 'user' ? user(v) : field === 'domain' ? netbios.get(v.toUpperCase()) : hosts.get(`label:${v.toLowerCase()}`);
        return `${ind}${field}${sep}${mapped}`;
      }).join('\n');
      return out;
  }
}

/** A deep copy of `value` with every string (and object key) pseudonymized. Handles cycles. */
export function pseudonymizeDeep<T>(value: T, p: Pseudonymizer): T {
  const seen = new WeakMap<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return p.pseudonymize(v);
    if (v === null || typeof v !== 'object') return v;
    const done = seen.get(v);
    if (done !== undefined) return done;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      seen.set(v, out);
      for (const item of v) out.push(walk(item));
      return out;
    }
    if (v instanceof Date) return new Date(v.getTime());
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    for (const [k, item] of Object.entries(v)) out[p.pseudonymize(k)] = walk(item);
    return out;
  };
  return walk(value) as T;
}
