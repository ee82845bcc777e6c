/**
 * User-Agent strings: SIPE's own default, and the Microsoft client strings, newest first. Server
 * client-version policies trust the self-reported User-Agent, so SIPE's `useragent` setting can
 * present one of these. `check` walks this list for UA negotiation; rules pick one by server
 * generation. Pure.
 */
export interface UserAgentEntry {
  /** stable key */
  id: string;
  /** the Microsoft client generation it imitates */
  generation: string;
  userAgent: string;
  /** server generations it suits (`RTC/<major>` of the REGISTER responses) */
  serverMajors: readonly number[];
  /** where the string comes from */
  source: string;
}

export const USER_AGENTS: readonly UserAgentEntry[] = [
  {
    id: 'sfb-2016', generation: 'Skype for Business 2016', serverMajors: [6, 7],
    userAgent: 'UCCAPI/16.0.4339.1000 OC/16.0.4351.1000 (Skype for Business)', source: 'field report (SIPE maintainer test client)',
  },
  {
    id: 'sfb-2015', generation: 'Skype for Business 2015', serverMajors: [6, 7],
    userAgent: 'UCCAPI/15.0.4745.1000 OC/15.0.4745.1000 (Skype for Business)', source: 'field report (Office 365 SIPE user)',
  },
  {
    id: 'lync-2013', generation: 'Lync 2013 / Skype for Business', serverMajors: [5, 6, 7],
    userAgent: 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)', source: 'reader report (Lync 2013 deployment)',
  },
  {
    id: 'lync-2010', generation: 'Lync 2010', serverMajors: [4],
    userAgent: 'UCCAPI/4.0.7577.314 OC/4.0.7577.314 (Microsoft Lync 2010)', source: 'SIPE setup guides for Office 365',
  },
  {
    id: 'oc-2007-r2', generation: 'Office Communicator 2007 R2', serverMajors: [3],
    userAgent: 'UCCAPI/3.5.6907.0 OC/3.5.6907.0 (Microsoft Office Communicator 2007 R2)', source: 'SIPE test data',
  },
  {
    id: 'oc-2007', generation: 'Office Communicator 2007', serverMajors: [3],
    userAgent: 'UCCP/2.0.6362.0 OC/2.0.6362.0 (Microsoft Office Communicator)', source: 'MS-SIP specification example',
  },
];

const byId = (id: string): UserAgentEntry => {
  const e = USER_AGENTS.find((u) => u.id === id);
  if (!e) throw new Error(`unknown user agent ${id}`);
  return e;
};

export interface UserAgentSuggestion {
  primary: UserAgentEntry;
  /** what to try next if the primary is refused too */
  alternatives: readonly UserAgentEntry[];
  /** why this one: `Server: RTC/6.0` → … */
  basis: string;
}

/** `RTC/6.0.9319.0` → {major: 6, minor: 0} */
export function parseRtcServer(server: string | undefined): { major: number; minor: number } | undefined {
  const m = /RTC\/(\d+)(?:\.(\d+))?/i.exec(server ?? '');
  return m ? { major: Number(m[1]), minor: Number(m[2] ?? 0) } : undefined;
}

/**
 * Pick a User-Agent for the server generation the evidence reveals. `current` (the UA already
 * set and refused) is never suggested again.
 */
export function suggestUserAgent(opts: { server?: string; onlineHost?: boolean; current?: string }): UserAgentSuggestion {
  const rtc = parseRtcServer(opts.server);
  let primaryId: string;
  let basis: string;
  if (rtc && rtc.major >= 5) {
    primaryId = 'lync-2013';
    basis = `the server identifies itself as ${opts.server} (${rtc.major >= 6 ? 'Skype for Business Server' : 'Lync Server 2013'})`;
  } else if (rtc && rtc.major === 4) {
    primaryId = 'lync-2010';
    basis = `the server identifies itself as ${opts.server} (Lync Server 2010)`;
  } else if (rtc && rtc.major === 3) {
    primaryId = rtc.minor >= 5 ? 'oc-2007-r2' : 'oc-2007';
    basis = `the server identifies itself as ${opts.server} (Office Communications Server 2007${rtc.minor >= 5 ? ' R2' : ''})`;
  } else if (opts.onlineHost) {
    primaryId = 'lync-2010';
    basis = 'the server is Skype for Business Online, where SIPE users reported the Lync 2010 string working';
  } else {
    primaryId = 'lync-2013';
    basis = 'the server did not reveal its version; the Lync 2013 string is accepted by most Lync 2013 and Skype for Business servers';
  }
  const current = opts.current?.trim();
  let ordered = [byId(primaryId), ...USER_AGENTS.filter((u) => u.id !== primaryId)];
  if (current) ordered = ordered.filter((u) => u.userAgent !== current);
  const [primary, ...alternatives] = ordered;
  return { primary: primary ?? byId('lync-2013'), alternatives, basis };
}

/** SIPE 1.25's built-in User-Agent as Debian's pidgin-sipe sends it (`sipe_core_user_agent`). */
export const SIPE_DEFAULT_USER_AGENT = 'Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)';

/** `Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)` or ≤1.23 `(linux-x86_64; RTC/6.0)` */
const SIPE_UA = /^Purple\/(\S+) Sipe\/(\S+) \(([\w-]+)(?:;[^)]*)?\)\s*$/;

/** What SIPE's built-in User-Agent reveals; undefined for any other (custom) User-Agent. */
export function parseSipeUserAgent(ua: string): { libpurpleVersion: string; sipeVersion: string; platform: string } | undefined {
  const m = SIPE_UA.exec(ua.trim());
  return m ? { libpurpleVersion: m[1] as string, sipeVersion: m[2] as string, platform: m[3] as string } : undefined;
}
