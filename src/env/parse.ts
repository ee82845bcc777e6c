import { parseAccountsXml } from '../config/parse.js';

/**
 * Readers for what the environment producer collects: package-database answers, `--version` lines,
 * plugin binaries, /etc/os-release, resolv.conf, `resolvectl status`, /proc entries. Pure: text or
 * bytes in, facts out; anything unexpected is skipped, never thrown.
 */

/** One package as the package database reports it. */
export interface PackageRecord {
  name: string;
  /** `amd64` from dpkg's `name:arch`, `x86_64` from rpm */
  arch?: string;
  /** '' when the database knows the name but has no installed version */
  version: string;
  /** installed: files are there (dpkg `ii`, and the half-done states); removed: only config files left or nothing */
  installed: boolean;
  /** dpkg's state when it is not a clean install (`half-configured` …) */
  state?: string;
}

/** The package names each component goes by (Debian/Ubuntu, then Fedora/openSUSE spellings). */
export const COMPONENT_PACKAGES = {
  pidgin: { dpkg: ['pidgin'], rpm: ['pidgin'] },
  finch: { dpkg: ['finch'], rpm: ['finch'] },
  libpurple: { dpkg: ['libpurple0', 'libpurple0t64'], rpm: ['libpurple'] },
  sipe: { dpkg: ['pidgin-sipe'], rpm: ['purple-sipe', 'pidgin-sipe'] },
  libxml2: { dpkg: ['libxml2', 'libxml2-16'], rpm: ['libxml2'] },
} as const;
export type ComponentName = keyof typeof COMPONENT_PACKAGES;

/** `dpkg-query -W -f '${binary:Package}\t${Version}\t${db:Status-Abbrev}\n' NAMES…` (exit 1 for unknown names is fine). */
export const DPKG_QUERY_FORMAT = '${binary:Package}\\t${Version}\\t${db:Status-Abbrev}\\n';
const DPKG_STATES: Readonly<Record<string, string>> = {
  i: 'installed', n: 'not-installed', c: 'config-files', U: 'unpacked', F: 'half-configured', H: 'half-installed', W: 'triggers-awaited', t: 'triggers-pending',
};

export function parseDpkgQuery(stdout: string): PackageRecord[] {
  const out: PackageRecord[] = [];
  for (const line of stdout.split('\n')) {
    const [pkg, version, abbrev] = line.split('\t');
    if (!pkg || version === undefined || abbrev === undefined) continue;
    const [name, arch] = pkg.trim().split(':');
    if (!name) continue;
    const stateChar = abbrev.charAt(1);
    const state = DPKG_STATES[stateChar] ?? 'unknown';
    const installed = !['n', 'c'].includes(stateChar) && version.trim() !== '';
    out.push({ name, ...(arch ? { arch } : {}), version: installed ? version.trim() : '', installed, ...(installed && state !== 'installed' ? { state } : {}) });
  }
  return out;
}

/** `rpm -q --qf '%{NAME}\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\t%{ARCH}\n' NAMES…`; "package x is not installed" lines are skipped. */
export const RPM_QUERY_FORMAT = '%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\n';

export function parseRpmQuery(stdout: string): PackageRecord[] {
  const out: PackageRecord[] = [];
  for (const line of stdout.split('\n')) {
    const [name, version, arch] = line.split('\t');
    if (!name || !version || /\s/.test(name)) continue;
    out.push({ name, version: version.trim(), installed: true, ...(arch?.trim() ? { arch: arch.trim() } : {}) });
  }
  return out;
}

/**
 * The upstream release a distribution version stands for: repack suffixes dropped (`2.9.14+dfsg` →
 * `2.9.14`) and Debian's `really` honoured (`2.12.7+dfsg+really2.9.14` is 2.9.14).
 */
export function releaseOf(upstream: string): string {
  const really = /really(\d[\w.]*)/.exec(upstream)?.[1];
  if (really) return really.replace(/[+~](?:dfsg|ds|repack)\d*$/i, '');
  return upstream.replace(/[+~](?:dfsg|ds|repack)\d*(?=$|[+~])/gi, '');
}

/** The upstream version of an RPM `[epoch:]version-release`. */
export function rpmUpstream(version: string): string {
  const noEpoch = version.replace(/^\d+:/, '');
  const dash = noEpoch.lastIndexOf('-');
  return dash > 0 ? noEpoch.slice(0, dash) : noEpoch;
}

/** `Pidgin 2.14.12 (libpurple 2.14.12)`, `Finch 2.14.12 (2fc862e2…)`. */
export function parseClientVersion(stdout: string): { client: 'pidgin' | 'finch'; version: string; libpurple?: string } | undefined {
  const m = /^(Pidgin|Finch)\s+(\d[\w.+~-]*)(?:\s+\(libpurple\s+(\d[\w.+~-]*)\))?/im.exec(stdout);
  if (!m?.[1] || !m[2]) return undefined;
  return { client: m[1].toLowerCase() as 'pidgin' | 'finch', version: m[2], ...(m[3] ? { libpurple: m[3] } : {}) };
}

/** /etc/os-release (KEY=value, optionally quoted). */
export function parseOsRelease(text: string): { id?: string; versionId?: string; codename?: string; name?: string } {
  const kv = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (!m?.[1] || m[2] === undefined) continue;
    kv.set(m[1], m[2].replace(/^(["'])(.*)\1$/, '$2').replace(/\\(["$`\\])/g, '$1'));
  }
  const get = (k: string): string | undefined => (kv.get(k) ? kv.get(k) : undefined);
  const codename = get('VERSION_CODENAME') ?? get('UBUNTU_CODENAME');
  const id = get('ID');
  const versionId = get('VERSION_ID');
  const name = get('PRETTY_NAME') ?? get('NAME');
  return { ...(id ? { id } : {}), ...(versionId ? { versionId } : {}), ...(codename ? { codename } : {}), ...(name ? { name } : {}) };
}

/**
 * What a libsipe.so / libsipe.dll says about itself: the version in `SIPE version 1.25.0 (%s)` (1.23+)
 * or the User-Agent template `… Sipe/1.25.0 (…)`, and which crypto library SIPE links (NSS or OpenSSL
 * symbol names).
 */
export function sipeBinaryFacts(bytes: Uint8Array): { version?: string; crypto?: 'nss' | 'openssl' } {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const version = /SIPE version (\d+\.\d+(?:\.\d+)*)/.exec(text)?.[1] ?? /Sipe\/(\d+\.\d+(?:\.\d+)*) \(/.exec(text)?.[1];
  const crypto = /\bNSS_(?:NoDB_)?Init\b/.test(text) ? 'nss' : /\bEVP_(?:CIPHER_CTX_new|DigestInit)/.test(text) ? 'openssl' : undefined;
  return { ...(version ? { version } : {}), ...(crypto ? { crypto } : {}) };
}

/** `libxml2.so.2.9.14` → `2.9.14` (the real file behind the libxml2.so.2 link). */
export function libxml2VersionFromFile(fileName: string): string | undefined {
  return /^libxml2\.so\.(\d+\.\d+\.\d+)$/.exec(fileName)?.[1];
}

/** libpurple's TLS plugins among a plugin directory's files: `ssl-nss.so` → `ssl-nss` (`ssl.so` is only the loader). */
export function tlsPluginsIn(files: readonly string[]): string[] {
  return files.map((f) => /^(ssl-[a-z0-9]+)\.(?:so|dll|dylib)$/i.exec(f)?.[1]).filter((n): n is string => n !== undefined);
}

/** resolv.conf(5): `nameserver` lines; the last `search` or `domain` line wins. */
export function parseResolvConf(text: string): { nameservers: string[]; search: string[] } {
  const nameservers: string[] = [];
  let search: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [key, ...values] = line.split(/\s+/);
    if (key === 'nameserver' && values[0]) nameservers.push(values[0]);
    else if ((key === 'search' || key === 'domain') && values.length > 0) search = values;
  }
  return { nameservers, search };
}

/** The addresses systemd-resolved answers on when resolv.conf points at it. */
export function isResolvedStub(nameservers: readonly string[]): boolean {
  return nameservers.length > 0 && nameservers.every((n) => n === '127.0.0.53' || n === '127.0.0.54');
}

export interface ResolvedLink {
  link: string;
  servers: string[];
  domains: string[];
  current?: string;
}

/** `resolvectl status` (systemd 245+): `Global` and `Link N (name)` sections of `Key: values` lines, values may continue on indented lines. */
export function parseResolvectl(text: string): ResolvedLink[] {
  const links: ResolvedLink[] = [];
  let cur: ResolvedLink | undefined;
  let lastKey: string | undefined;
  for (const line of text.split('\n')) {
    const head = /^(Global|Link \d+ \(([^)]+)\))\s*$/.exec(line);
    if (head?.[1]) {
      cur = { link: head[2] ?? 'Global', servers: [], domains: [] };
      links.push(cur);
      lastKey = undefined;
      continue;
    }
    if (!cur || line.trim() === '') continue;
    const kv = /^\s*([A-Za-z][A-Za-z .]*?):\s+(.*)$/.exec(line);
    const key = kv ? kv[1] : lastKey;
    const values = (kv ? kv[2] ?? '' : line).trim().split(/\s+/).filter(Boolean);
    if (kv) lastKey = key;
    if (key === 'DNS Servers') cur.servers.push(...values);
    else if (key === 'DNS Domain') cur.domains.push(...values);
    else if (key === 'Current DNS Server' && values[0]) cur.current = values[0];
  }
  return links.filter((l) => l.servers.length > 0 || l.domains.length > 0 || l.current !== undefined);
}

/** The proxy variables curl, libpurple ("Use Environmental Settings") and most tools read. */
export const PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY', 'HTTPPROXY'] as const;

/** `http://user:secret@proxy:3128/` → `http://<redacted>@proxy:3128/` (everything before the authority's last `@`). */
export function redactProxyValue(value: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)(.*)$/is.exec(value);
  if (!m) return value;
  const authority = m[2] ?? '';
  const at = authority.lastIndexOf('@');
  return at < 0 ? value : `${m[1] ?? ''}<redacted>${authority.slice(at)}${m[3] ?? ''}`;
}

export const LOCALE_VARIABLES = ['LC_ALL', 'LC_MESSAGES', 'LC_CTYPE', 'LANG', 'LANGUAGE'] as const;

/** The locale categories as setlocale(3) resolves them: LC_ALL, then the category, then LANG, then C. */
export function localeFacts(env: Readonly<Record<string, string | undefined>>): { variables: Record<string, string>; messages: string; charset?: string } {
  const variables: Record<string, string> = {};
  for (const k of LOCALE_VARIABLES) {
    const v = env[k];
    if (v) variables[k] = v;
  }
  const pick = (category: string): string => env['LC_ALL'] || env[category] || env['LANG'] || 'C';
  const ctype = pick('LC_CTYPE');
  const codeset = /^[^.@]*\.([^@]+)/.exec(ctype)?.[1];
  const charset = codeset ?? (ctype === 'C' || ctype === 'POSIX' ? 'ANSI_X3.4-1968' : undefined);
  return { variables, messages: pick('LC_MESSAGES'), ...(charset ? { charset } : {}) };
}

/**
 * Interface names VPN clients create: tun/tap (OpenVPN, openconnect, vpnc), wg (WireGuard), ppp
 * (PPTP/L2TP), cscotun (Cisco AnyConnect), utun (macOS), gpd (GlobalProtect), ipsec/vti/xfrm,
 * tailscale/zt; and on Windows the adapter's descriptive name (TAP-Windows, Wintun, AnyConnect …).
 */
const VPN_PREFIX = /^(?:tun|tap|wg|ppp|cscotun|utun|gpd|ipsec|vti|xfrm|tailscale|zt|nordlynx|proton|vpn)\d*(?:$|[\d_.-])/i;
const VPN_WORDS = /vpn|tap-windows|wintun|wireguard|anyconnect|globalprotect|pangp|fortinet|forticlient|juniper|pulse secure|zscaler|openconnect/i;

export function isVpnInterface(name: string): boolean {
  return VPN_PREFIX.test(name) || VPN_WORDS.test(name);
}

/**
 * The settings directory a Pidgin/Finch command line asks for: `-c DIR`, `-cDIR`, `--config=DIR`,
 * `--config DIR`, or `c` inside a cluster of short options (`-dc DIR`). Both use getopt_long with
 * `c:` (and `s:` for Pidgin's session id); parsing stops at `--`.
 */
export function profileDirFromArgs(args: readonly string[]): string | undefined {
  let dir: string | undefined;
  for (let i = 1; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') break;
    if (a === '--config') dir = args[++i];
    else if (a.startsWith('--config=')) dir = a.slice('--config='.length);
    else if (a === '--session') i++;
    else if (/^-[^-]/.test(a)) {
      for (let k = 1; k < a.length; k++) {
        const opt = a[k];
        if (opt !== 'c' && opt !== 's') continue;
        const value = k + 1 < a.length ? a.slice(k + 1) : args[++i];
        if (opt === 'c') dir = value;
        break;
      }
    }
  }
  return dir === '' ? undefined : dir;
}

/** `Uid:\t1000\t1000\t1000\t1000` of /proc/PID/status: the real uid. */
export function uidFromProcStatus(text: string): number | undefined {
  const m = /^Uid:\s+(\d+)/m.exec(text);
  return m?.[1] ? Number(m[1]) : undefined;
}

/** /etc/passwd: uid → user name and home directory. */
export function parsePasswd(text: string): Map<number, { name: string; home: string }> {
  const users = new Map<number, { name: string; home: string }>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 7 || !f[0] || !/^\d+$/.test(f[2] ?? '')) continue;
    const uid = Number(f[2]);
    if (!users.has(uid)) users.set(uid, { name: f[0], home: f[5] ?? '' });
  }
  return users;
}

/** accounts.xml reduced to counts: the parsed accounts (and the password flags in them) are dropped here. */
export function summarizeAccounts(text: string): { accounts: number; sipeAccounts: number } | { problem: string } {
  const parsed = parseAccountsXml(text);
  if (!parsed.ok) return { problem: `not well-formed XML (line ${parsed.error.line}: ${parsed.error.message})` };
  return { accounts: parsed.accounts.length + parsed.skipped.length, sipeAccounts: parsed.accounts.length };
}
