/**
 * The throw-away libpurple profile ("purple directory") the headless client runs with: accounts.xml with the
 * SIPE account(s) exactly as Pidgin's account dialog stores them, prefs.xml that silences what a headless run
 * does not need, and the certificates libpurple should accept for given hosts. Pure: returns file contents;
 * src/client/runner.ts writes them.
 */

export type Transport = 'auto' | 'tls' | 'tcp';
export type AuthScheme = 'ntlm' | 'krb5' | 'tls-dsk' | 'auto';
export type ProxyType = 'http' | 'socks4' | 'socks5' | 'socks4a' | 'tor' | 'none' | 'global' | 'envvar';

export interface ClientProxy {
  type: ProxyType;
  host: string;
  port: number;
}

/** One SIPE account, field by field as in Pidgin's dialog (Basic + Advanced tabs). */
export interface ClientAccount {
  /** "Username": the sign-in address */
  user: string;
  /** "Login" (e.g. CORP\alice); empty = none */
  login?: string;
  password: string;
  /** "Server[:Port]"; empty = SIPE auto-discovers */
  server?: string;
  transport?: Transport;
  /** absent or 'auto' = SIPE's default */
  auth?: AuthScheme;
  /** "User Agent"; empty = SIPE's own */
  useragent?: string;
  proxy?: ClientProxy;
}

export function xmlEscape(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

/** libpurple joins SIPE's two name fields with ',' (Pidgin writes the separator even when Login is empty). */
export function accountName(a: Pick<ClientAccount, 'user' | 'login'>): string {
  return `${a.user},${a.login ?? ''}`;
}

function stringSetting(name: string, value: string): string {
  return `   <setting name='${name}' type='string'>${xmlEscape(value)}</setting>`;
}

function accountXml(a: ClientAccount): string {
  const settings = [
    a.server ? stringSetting('server', a.server) : undefined,
    stringSetting('transport', a.transport ?? 'auto'),
    a.auth && a.auth !== 'auto' ? stringSetting('authentication', a.auth) : undefined,
    a.useragent ? stringSetting('useragent', a.useragent) : undefined,
  ].filter((l): l is string => l !== undefined);
  return [
    ' <account>',
    '  <protocol>prpl-sipe</protocol>',
    `  <name>${xmlEscape(accountName(a))}</name>`,
    `  <password>${xmlEscape(a.password)}</password>`,
    '  <settings>',
    ...settings,
    '  </settings>',
    // finch signs the account in at start-up
    "  <settings ui='gnt-purple'>",
    "   <setting name='auto-login' type='bool'>1</setting>",
    '  </settings>',
    ...(a.proxy
      ? [
          '  <proxy>',
          `   <type>${xmlEscape(a.proxy.type)}</type>`,
          `   <host>${xmlEscape(a.proxy.host)}</host>`,
          `   <port>${a.proxy.port}</port>`,
          '  </proxy>',
        ]
      : []),
    ' </account>',
  ].join('\n');
}

export function accountsXml(accounts: readonly ClientAccount[]): string {
  if (accounts.length === 0) throw new Error('accounts.xml needs at least one account');
  for (const a of accounts) {
    if (!a.user) throw new Error('an account needs a user (sign-in address)');
    if (a.proxy && (!Number.isInteger(a.proxy.port) || a.proxy.port < 1 || a.proxy.port > 65535)) {
      throw new Error(`proxy port must be 1-65535, got ${String(a.proxy.port)}`);
    }
  }
  return ["<?xml version='1.0' encoding='UTF-8' ?>", "<account version='1.0'>", ...accounts.map(accountXml), '</account>', ''].join('\n');
}

type Pref = { name: string; bool: boolean } | { name: string; str: string } | { name: string; children: Pref[] };

/** Preferences that keep a headless run quiet and the log about signing in: no sounds, no chat logs, no idle/away. */
const PREFS: Pref[] = [
  {
    name: 'purple',
    children: [
      { name: 'logging', children: [{ name: 'log_ims', bool: false }, { name: 'log_chats', bool: false }, { name: 'log_system', bool: false }] },
      { name: 'away', children: [{ name: 'idle_reporting', str: 'none' }, { name: 'away_when_idle', bool: false }] },
      { name: 'sound', children: [{ name: 'while_status', str: '3' }] },
    ],
  },
  {
    name: 'finch',
    children: [
      { name: 'sound', children: [{ name: 'method', str: 'nosound' }, { name: 'mute', bool: true }] },
      { name: 'conversations', children: [{ name: 'notify_typing', bool: false }] },
    ],
  },
];

function prefXml(p: Pref, depth: number): string[] {
  const pad = ' '.repeat(depth);
  if ('bool' in p) return [`${pad}<pref name='${p.name}' type='bool' value='${p.bool ? 1 : 0}'/>`];
  if ('str' in p) return [`${pad}<pref name='${p.name}' type='string' value='${xmlEscape(p.str)}'/>`];
  return [`${pad}<pref name='${p.name}'>`, ...p.children.flatMap((c) => prefXml(c, depth + 1)), `${pad}</pref>`];
}

export function prefsXml(): string {
  return ["<?xml version='1.0' encoding='UTF-8' ?>", "<pref version='1' name='/'>", ...PREFS.flatMap((p) => prefXml(p, 1)), '</pref>', ''].join('\n');
}

/** A host whose certificate libpurple accepts without asking (its tls_peers cache). */
export interface TrustedPeer {
  host: string;
  /** the certificate in PEM */
  pem: string;
}

/** A host name usable as a file name in certificates/x509/tls_peers (no path separators or dot-only names). */
export function peerFileName(host: string): string {
  if (!/^[A-Za-z0-9._:-]+$/.test(host) || /^\.+$/.test(host)) throw new Error(`not a host name: ${JSON.stringify(host)}`);
  return host;
}

/** Every file of the profile, by path relative to the profile directory. */
export function profileFiles(accounts: readonly ClientAccount[], trust: readonly TrustedPeer[] = []): Map<string, string> {
  const files = new Map<string, string>([
    ['accounts.xml', accountsXml(accounts)],
    ['prefs.xml', prefsXml()],
  ]);
  // libpurple's x509 "tls_cached" pool: a certificate stored under the host's name is accepted for that host
  // by both SSL back ends (NSS and GnuTLS), like a user's earlier "Accept" in the certificate dialog
  for (const t of trust) files.set(`certificates/x509/tls_peers/${peerFileName(t.host)}`, t.pem);
  return files;
}

/** The environment the client runs with: UI language, debug bodies on or off. Values undefined = unset. */
export function clientEnvironment(o: { bodies: boolean; lang?: string; home: string; localeDir?: string }): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    // libpurple dumps message bodies (and secrets) only with this set; most users capture logs without it
    PURPLE_UNSAFE_DEBUG: o.bodies ? '1' : undefined,
    // the profile directory doubles as HOME: nothing of the user's (~/.purple, ~/.gntrc) is read or written
    HOME: o.home,
  };
  if (o.lang) {
    const language = o.lang.replace(/[.@].*$/, '');
    Object.assign(env, { LANG: o.lang, LC_ALL: o.lang, LANGUAGE: language });
  }
  // locales compiled by localedef into a private directory (the system's are not touched)
  if (o.localeDir) env['LOCPATH'] = o.localeDir;
  return env;
}
