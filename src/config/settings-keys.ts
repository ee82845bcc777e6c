/**
 * The prpl-sipe account settings `config --set/--clear` may change,
 * with the Pidgin dialog label and tab, the accounts.xml type, and how a typed value is normalised.
 * `username` and `login` are the two halves of `<name>`, not `<setting>` elements.
 */
export interface SettingKeyInfo {
  key: string;
  field: string;
  tab: 'Basic' | 'Advanced';
  /** where it lives: a `<setting>` of this type, or a part of `<name>` */
  storage: 'string' | 'bool' | 'name';
  /** allowed stored values (after normalisation); undefined = free text */
  values?: readonly string[];
  /** may be set to the empty string (`--clear`) */
  clearable: boolean;
}

export const SETTING_KEYS: readonly SettingKeyInfo[] = [
  { key: 'username', field: 'Username', tab: 'Basic', storage: 'name', clearable: false },
  { key: 'login', field: 'Login', tab: 'Basic', storage: 'name', clearable: true },
  { key: 'server', field: 'Server[:Port]', tab: 'Advanced', storage: 'string', clearable: true },
  { key: 'transport', field: 'Connection type', tab: 'Advanced', storage: 'string', values: ['auto', 'tls', 'tcp'], clearable: false },
  { key: 'useragent', field: 'User Agent', tab: 'Advanced', storage: 'string', clearable: true },
  { key: 'authentication', field: 'Authentication scheme', tab: 'Advanced', storage: 'string', values: ['auto', 'ntlm', 'krb5', 'tls-dsk'], clearable: false },
  { key: 'sso', field: 'Use Single Sign-On', tab: 'Advanced', storage: 'bool', values: ['0', '1'], clearable: false },
  { key: 'email', field: 'Email address', tab: 'Advanced', storage: 'string', clearable: true },
  { key: 'email_url', field: 'Email services URL', tab: 'Advanced', storage: 'string', clearable: true },
  { key: 'email_login', field: 'Email login', tab: 'Advanced', storage: 'string', clearable: true },
  { key: 'groupchat_user', field: 'Group Chat Proxy', tab: 'Advanced', storage: 'string', clearable: true },
  { key: 'dont-publish', field: "Don't publish my calendar information", tab: 'Advanced', storage: 'bool', values: ['0', '1'], clearable: false },
  { key: 'allow-web-photo', field: 'Show profile pictures from web', tab: 'Advanced', storage: 'bool', values: ['0', '1'], clearable: false },
  { key: 'encryption-policy', field: 'Media encryption', tab: 'Advanced', storage: 'string', values: ['obey-server', 'required', 'optional', 'disabled'], clearable: false },
];

/** Keys that hold secrets: never set from a command line (shell history) and never shown. */
export const SECRET_SETTING_KEYS: readonly string[] = ['email_password'];

export function isSecretSettingName(name: string): boolean {
  return SECRET_SETTING_KEYS.includes(name) || /pass(word)?|secret|token/i.test(name);
}

export function settingKeyInfo(key: string): SettingKeyInfo | undefined {
  const k = key.trim().toLowerCase();
  const alias: Record<string, string> = { 'user-agent': 'useragent', user_agent: 'useragent', auth: 'authentication', name: 'username' };
  const wanted = alias[k] ?? k;
  return SETTING_KEYS.find((s) => s.key === wanted);
}

const VALUE_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  authentication: { kerberos: 'krb5', 'tls_dsk': 'tls-dsk', tlsdsk: 'tls-dsk' },
  transport: { ssl: 'tls', 'ssl/tls': 'tls' },
};

const BOOL_VALUES: Readonly<Record<string, string>> = {
  '1': '1', true: '1', yes: '1', on: '1', '0': '0', false: '0', no: '0', off: '0',
};

export type NormalizedValue = { ok: true; value: string } | { ok: false; message: string };

/** Turn what the user typed (or a report's SettingChange value) into the stored form, or say why not. */
export function normalizeSettingValue(info: SettingKeyInfo, raw: string): NormalizedValue {
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(raw)) {
    return { ok: false, message: `${info.field}: control characters cannot be stored in accounts.xml` };
  }
  if (info.storage === 'bool') {
    const v = BOOL_VALUES[raw.trim().toLowerCase()];
    return v === undefined ? { ok: false, message: `${info.field} is on/off: use 1 or 0` } : { ok: true, value: v };
  }
  if (info.values) {
    const lower = raw.trim().toLowerCase();
    const v = VALUE_ALIASES[info.key]?.[lower] ?? lower;
    return info.values.includes(v)
      ? { ok: true, value: v }
      : { ok: false, message: `${info.field} must be one of: ${info.values.join(', ')} (got '${raw}')` };
  }
  if (raw === '' && !info.clearable) return { ok: false, message: `${info.field} cannot be empty` };
  if (info.key === 'username' && raw.includes(',')) {
    return { ok: false, message: 'Username cannot contain a comma (SIPE splits the account name at the first comma)' };
  }
  if (/[\r\n]/.test(raw)) return { ok: false, message: `${info.field}: line breaks are not allowed` };
  return { ok: true, value: raw };
}
