import type { ClientEnvironment } from '../evidence/kinds.js';
import { compareDebVersions } from './deb-version.js';

/**
 * Which installed libxml2 makes pidgin-sipe 1.25 unable to parse any XML (root cause
 * `client-xml-parser-broken`). Debian 12's security update 2.9.14+dfsg-1.3~deb12u2 (the CVE-2023-39615
 * backport) stopped calling the SAX1 element callbacks of a handler marked XML_SAX2_MAGIC without
 * startElementNs, which is how SIPE 1.25's sipe_xml_parse() is written; the later bookworm updates keep
 * it. Reproduced with the real client on ~deb12u5 and ~deb12u6: fixtures/logs/debian12-libxml2-webticket.md.
 *
 * The broken builds are the bookworm update line `2.9.14+dfsg-1.3~deb12uN`, N ≥ 2: in Debian version
 * order, from FIRST_BROKEN up to (not including) the unpatched 2.9.14+dfsg-1.3 that the `~` sorts
 * before. Any other libxml2 (Debian 11 or 13, Ubuntu, RPM distributions, a self-built one) is not
 * known to break SIPE, which is not the same as known to work: those read as `not-known`.
 */
export const FIRST_BROKEN_LIBXML2 = '2.9.14+dfsg-1.3~deb12u2';
const BOOKWORM_LINE_END = '2.9.14+dfsg-1.3';
/** the SIPE release whose XML parser is confirmed to break (upstream major.minor) */
export const BROKEN_SIPE_SERIES = '1.25';

type Env = ClientEnvironment['data'];

export type XmlParserAssessment =
  /** the pair is installed: SIPE cannot parse XML on this machine */
  | { status: 'broken'; libxml2: string; sipe: string }
  /** the evidence rules it out (not a known-broken libxml2, or no SIPE installed) */
  | { status: 'not-known'; reason: string }
  /** a version the decision needs could not be read */
  | { status: 'unknown'; reason: string };

/** A Debian libxml2 package version from the broken bookworm line. */
export function isBrokenLibxml2(version: string): boolean {
  const lo = compareDebVersions(version, FIRST_BROKEN_LIBXML2);
  const hi = compareDebVersions(version, BOOKWORM_LINE_END);
  return lo !== undefined && hi !== undefined && lo >= 0 && hi < 0;
}

/** Decide from the environment evidence whether SIPE's XML parser is broken on that machine. Pure. */
export function assessXmlParser(env: Env): XmlParserAssessment {
  const xml = env.libxml2;
  if (!xml?.installed || xml.version === undefined) return { status: 'unknown', reason: 'the libxml2 version is unknown' };
  if (xml.via !== 'dpkg') return { status: 'not-known', reason: `libxml2 ${xml.version} is not a Debian package build (only Debian 12's are known to break SIPE)` };
  if (!isBrokenLibxml2(xml.version)) return { status: 'not-known', reason: `libxml2 ${xml.version} is not one of the Debian 12 builds known to break SIPE (${FIRST_BROKEN_LIBXML2} and later)` };
  const sipe = env.sipe;
  if (sipe && !sipe.installed) return { status: 'not-known', reason: 'pidgin-sipe is not installed' };
  const upstream = sipe?.upstream ?? sipe?.version;
  if (!sipe || upstream === undefined) return { status: 'unknown', reason: `libxml2 ${xml.version} breaks pidgin-sipe 1.25, but the pidgin-sipe version is unknown` };
  if (upstream === BROKEN_SIPE_SERIES || upstream.startsWith(`${BROKEN_SIPE_SERIES}.`)) {
    return { status: 'broken', libxml2: xml.version, sipe: sipe.version ?? upstream };
  }
  return { status: 'unknown', reason: `libxml2 ${xml.version} breaks pidgin-sipe ${BROKEN_SIPE_SERIES}; whether it breaks ${upstream} has not been tested` };
}
