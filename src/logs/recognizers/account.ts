/**
 * Account family: who signs in, with which SIPE/libpurple version and settings.
 *  `sipe_purple_login: username 'alice@corp.example,CORP\alice'` (≤1.10 `sipe_login: username '…'`)
 *  `sipe_core_allocate: SIPE version 1.25.0 (Kerberos 5 & NTLM / …)` / `… SIPE version 1.18.0 signin_name '…'`
 *  `sipe_core_allocate: signin_name '…'`, `sipe_core_allocate: user 'alice' domain 'corp.example'`
 *  `sipe_core_connect: user specified SIP server host:port`
 *  `sip_sec_create_context: type: 2, Single Sign-On: no, protocol: SIP`
 * The User-Agent of a sent REGISTER (dumps) is added by the SIP family via `noteUserAgent`.
 */
import type { ClientAccount } from '../../evidence/kinds.js';
import { accountNameFacts } from '../../protocol/account-settings.js';
import { parseSipeUserAgent } from '../../protocol/user-agents.js';
import { noteAccountConnecting, noteConnectionPointer, startSipeAttempt } from '../correlate.js';
import type { LogRecord } from '../types.js';
import { assignDefined, emit, extend, type LogState } from './context.js';
import { flushPendingRegister } from './sip.js';
import { finishTls } from './tls.js';
import { finishPendingConnect } from './transport.js';

const LOGIN = /^(?:sipe_purple_login|sipe_login): username '(.*)'\s*$/;
const VERSION = /^sipe_core_allocate: SIPE version (\d+\.\d+(?:\.\d+)?\S*)(?: \((.*)\))?(?: signin_name '(.*)')?\s*$/;
const SIGNIN = /^sipe_core_allocate: signin_name '(.*)'\s*$/;
const USER_DOMAIN = /^sipe_core_allocate: user '(.*)' domain '(.*)'\s*$/;
const USER_SERVER = /^sipe_core_connect: user specified SIP server (.+):(\d+)\s*$/;
const SEC_CONTEXT = /^sip_sec_create_context: type: (\d+), Single Sign-On: (yes|no|TRUE|FALSE)/;
const ACCOUNT_CONNECTING = /^Connecting to account (.*)\.\s*$/;
const GC = /^Connecting\. gc = (0x[0-9a-fA-F]+)/;

type AccountData = ClientAccount['data'];

const WINDOWS_PATH = /\b[A-Z]:\\(?:Users|Documents and Settings|Program Files)/i;

function account(st: LogState, r: LogRecord): AccountData {
  let d = st.account;
  if (!d) {
    d = emit(st, r, { kind: 'client.account', data: st.platformHint ? { platform: st.platformHint } : {} });
    st.account = d;
  }
  else extend(d, r.lines);
  return (d as NonNullable<typeof d>).data as AccountData;
}

/** `alice@corp.example,CORP\alice` → sign-in name, login, domain */
export function splitAccountName(name: string): Pick<AccountData, 'signinName' | 'login' | 'domain'> {
  return accountNameFacts(name);
}

/** Versions and platform from SIPE's built-in User-Agent; a custom UA is the `useragent` setting. */
export function userAgentFacts(ua: string): Partial<AccountData> {
  const sipe = parseSipeUserAgent(ua);
  return sipe ? { userAgent: '', userAgentSent: ua.trim(), ...sipe } : { userAgent: ua.trim(), userAgentSent: ua.trim() };
}

export function noteUserAgent(st: LogState, r: LogRecord, ua: string): void {
  const facts = userAgentFacts(ua);
  const data = account(st, r);
  // the log's own version line wins over the UA (a custom UA can claim anything)
  if (data.sipeVersion !== undefined) delete facts.sipeVersion;
  assignDefined(data, facts);
}

export function recognizeAccount(r: LogRecord, st: LogState): void {
  if (!st.platformHint && r.category === 'util' && WINDOWS_PATH.test(r.text)) st.platformHint = 'windows';
  if (r.category === 'account') {
    const m = ACCOUNT_CONNECTING.exec(r.text);
    if (m) {
      noteAccountConnecting(st, m[1] as string);
      // a connect still pending waited until the line before this one
      if (st.pendingSipConnect) st.pendingSipConnect.until = st.lastRecordTime;
    }
    return;
  }
  if (r.category === 'connection') {
    const m = GC.exec(r.text);
    if (m) noteConnectionPointer(st, m[1] as string);
    return;
  }
  if (r.category !== 'sipe') return;
  const text = r.text;
  let m = LOGIN.exec(text);
  if (m) {
    const name = m[1] as string;
    if (text.startsWith('sipe_login')) st.legacySipe = true;
    flushPendingRegister(st);
    finishTls(st);
    finishPendingConnect(st);
    startSipeAttempt(st, name);
    st.account = undefined;
    const parts = splitAccountName(name);
    if (parts.domain) st.domain = parts.domain;
    assignDefined(account(st, r), parts);
    return;
  }
  if ((m = VERSION.exec(text))) {
    st.sipeVersion = m[1] as string;
    assignDefined(account(st, r), { sipeVersion: m[1] as string, buildOptions: m[2] });
    if (m[3]) assignDefined(account(st, r), { signinName: m[3] });
    return;
  }
  if ((m = SIGNIN.exec(text))) {
    assignDefined(account(st, r), { signinName: m[1] as string });
    return;
  }
  if ((m = USER_DOMAIN.exec(text))) {
    st.domain = (m[2] as string).toLowerCase();
    assignDefined(account(st, r), { domain: st.domain });
    return;
  }
  if ((m = USER_SERVER.exec(text))) {
    assignDefined(account(st, r), { server: `${m[1] as string}:${m[2] as string}` });
    st.sipeHosts.add((m[1] as string).toLowerCase());
    return;
  }
  if ((m = SEC_CONTEXT.exec(text))) {
    const sso = m[2] === 'yes' || m[2] === 'TRUE';
    assignDefined(account(st, r), { sso });
  }
}
