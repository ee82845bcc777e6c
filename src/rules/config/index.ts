import type { Rule } from '../types.js';
import insecurePasswordStorage from './insecure-password-storage.js';
import kerberosLoginWithoutRealm from './kerberos-login-without-realm.js';
import loginFormatMismatch from './login-format-mismatch.js';
import office365AuthScheme from './office365-auth-scheme.js';
import ssoWithNtlm from './sso-with-ntlm.js';

/**
 * Lint rules over accounts.xml evidence (owned by the config work); included in the catalog by src/rules/index.ts.
 * Username validity, a missing password and a Server field on Skype for Business Online are checked
 * by client/invalid-username, client/missing-password and dns/retired-online-service, which read
 * the same client.account evidence; these rules cover what only the settings reveal.
 */
export const CONFIG_RULES: readonly Rule[] = [
  office365AuthScheme,
  ssoWithNtlm,
  loginFormatMismatch,
  kerberosLoginWithoutRealm,
  insecurePasswordStorage,
];
