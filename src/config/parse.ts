import type { AuthScheme, Transport } from '../evidence/kinds.js';
import { interpretAuthentication, interpretTransport, readServerSetting, signinDomain, splitAccountName } from '../protocol/account-settings.js';
import { reasonName } from './reason-names.js';
import { isSecretSettingName } from './settings-keys.js';
import { childrenNamed, firstChild, scanXml, type XmlNode } from './xml-scan.js';

/**
 * Pidgin's accounts.xml, read the way SIPE 1.25 reads it.
 * Pure: text in, interpretation out. The password's value is never kept — only whether one is stored.
 */

export interface SipeCurrentError {
  /** libpurple PurpleConnectionError number, when `<type>` is a number */
  reason?: number;
  /** `PURPLE_CONNECTION_ERROR_INVALID_SETTINGS` … */
  reasonName?: string;
  description: string;
}

/** Where the parts of one account sit in the file, for in-place edits. */
export interface AccountSpans {
  account: XmlNode;
  name?: XmlNode;
  /** `<settings>` without a `ui` attribute: the protocol settings (SIPE's) */
  protocolSettings: XmlNode[];
  /** `<setting name=…>` elements of the protocol settings blocks, first occurrence per name */
  settings: ReadonlyMap<string, XmlNode>;
}

export interface SipeAccount {
  /** 0-based position among all `<account>` entries of the file */
  index: number;
  /** the `<name>` text as stored: `Username[,Login]` */
  name: string;
  /** Pidgin "Username": the part before the first comma */
  username: string;
  /** Pidgin "Login": the part after the first comma; '' when absent or blank */
  login: string;
  /** SIP domain: right-hand side of the last `@` of the Username, lower case; undefined when there is none */
  domain?: string;
  /** Server[:Port] as stored, '' = auto-discovery */
  server: string;
  serverHost: string;
  /** port after the first `:`; undefined when none or not a number */
  serverPort?: number;
  /** the `transport` value as stored (undefined = absent) */
  transportSetting?: string;
  /** how SIPE reads it: auto / tls / anything else → tcp */
  transport: Transport;
  /** the `authentication` value as stored (undefined = absent) */
  authenticationSetting?: string;
  /** how SIPE 1.25 reads it: absent → ntlm (code default); unrecognised → auto (1.19+) */
  authentication: AuthScheme;
  /** '' = SIPE's built-in User-Agent */
  userAgent: string;
  sso: boolean;
  /** a non-empty `<password>` is stored (clear text) */
  hasPassword: boolean;
  currentError?: SipeCurrentError;
  /** every protocol setting, name → value (secrets such as email_password shown as a mark only) */
  settings: Readonly<Record<string, string>>;
  spans: AccountSpans;
}

export interface SkippedAccount {
  index: number;
  protocol: string;
  name: string;
}

export type AccountsParseResult =
  | { ok: true; accounts: SipeAccount[]; skipped: SkippedAccount[]; lineEnding: '\n' | '\r\n' }
  | { ok: false; error: { message: string; line: number; column: number } };

export const SIPE_PROTOCOL = 'prpl-sipe';
export const SECRET_MARK = '(set, not shown)';

/** libpurple reads a stored bool with atoi(): leading digits count, anything else is 0 (false). */
function readBool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  const n = Number.parseInt(value.trim(), 10);
  return Number.isNaN(n) ? false : n !== 0;
}

function readCurrentError(account: XmlNode): SipeCurrentError | undefined {
  const node = firstChild(account, 'current_error');
  if (!node) return undefined;
  const typeText = firstChild(node, 'type')?.text.trim();
  const description = firstChild(node, 'description')?.text ?? '';
  if (typeText === undefined && description === '') return undefined; // `<current_error/>`: no error
  const reason = typeText !== undefined && /^\d+$/.test(typeText) ? Number(typeText) : undefined;
  const name = reason === undefined ? undefined : reasonName(reason);
  return {
    ...(reason !== undefined ? { reason } : {}),
    ...(name !== undefined ? { reasonName: name } : {}),
    description,
  };
}

function interpretAccount(node: XmlNode, index: number): SipeAccount {
  const nameNode = firstChild(node, 'name');
  const name = nameNode?.text ?? '';
  const { username, login } = splitAccountName(name);
  const protocolSettings = childrenNamed(node, 'settings').filter((s) => s.attrs['ui'] === undefined);
  const settingNodes = new Map<string, XmlNode>();
  const settings: Record<string, string> = {};
  for (const block of protocolSettings) {
    for (const s of childrenNamed(block, 'setting')) {
      const key = s.attrs['name'];
      if (key === undefined || settingNodes.has(key)) continue;
      settingNodes.set(key, s);
      settings[key] = isSecretSettingName(key) && s.text !== '' ? SECRET_MARK : s.text;
    }
  }
  const server = settings['server'] ?? '';
  const { host, port } = readServerSetting(server);
  const transportSetting = settings['transport'];
  const authenticationSetting = settings['authentication'];
  const domain = signinDomain(username);
  const currentError = readCurrentError(node);
  const password = firstChild(node, 'password');
  const hasPassword = password !== undefined && password.text !== '';
  // keep no secret in the tree the caller holds: the edit code needs positions, not values
  if (password) password.text = '';
  for (const [key, s] of settingNodes) if (isSecretSettingName(key)) s.text = '';
  return {
    index,
    name,
    username,
    login,
    ...(domain !== undefined ? { domain } : {}),
    server,
    serverHost: host,
    ...(port !== undefined ? { serverPort: port } : {}),
    ...(transportSetting !== undefined ? { transportSetting } : {}),
    transport: interpretTransport(transportSetting),
    ...(authenticationSetting !== undefined ? { authenticationSetting } : {}),
    authentication: interpretAuthentication(authenticationSetting),
    userAgent: settings['useragent'] ?? '',
    sso: readBool(settings['sso'], false),
    hasPassword,
    ...(currentError ? { currentError } : {}),
    settings,
    spans: { account: node, ...(nameNode ? { name: nameNode } : {}), protocolSettings, settings: settingNodes },
  };
}

/** Parse accounts.xml text. A file that is not well-formed, or not an accounts file, is an error. */
export function parseAccountsXml(text: string): AccountsParseResult {
  const scanned = scanXml(text);
  if (!scanned.ok) return scanned;
  const root = scanned.root;
  if (root.name !== 'account') {
    return { ok: false, error: { message: `root element is <${root.name}>, expected <account> (not a Pidgin accounts.xml)`, line: 1, column: 1 } };
  }
  const accounts: SipeAccount[] = [];
  const skipped: SkippedAccount[] = [];
  childrenNamed(root, 'account').forEach((node, index) => {
    const protocol = firstChild(node, 'protocol')?.text.trim() ?? '';
    if (protocol === SIPE_PROTOCOL) accounts.push(interpretAccount(node, index));
    else skipped.push({ index, protocol, name: firstChild(node, 'name')?.text ?? '' });
  });
  const firstNewline = text.indexOf('\n');
  const lineEnding = firstNewline > 0 && text[firstNewline - 1] === '\r' ? '\r\n' : '\n';
  return { ok: true, accounts, skipped, lineEnding };
}

/** Find an account by Username (case-insensitive) or by its full `<name>`. */
export function findAccount(accounts: readonly SipeAccount[], wanted: string): SipeAccount[] {
  const w = wanted.trim().toLowerCase();
  const exact = accounts.filter((a) => a.name.toLowerCase() === w);
  if (exact.length > 0) return exact;
  return accounts.filter((a) => a.username.toLowerCase() === w);
}
