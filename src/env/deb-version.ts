/**
 * Debian package version ordering (deb-version(7), dpkg's lib/dpkg/version.c): `[epoch:]upstream[-revision]`,
 * epochs compared as numbers, then upstream and revision with dpkg's verrevcmp: alternating
 * non-digit runs (compared character by character, `~` before everything including the end, letters
 * before other characters) and digit runs (compared as numbers, so `u10` > `u2` and `01` = `1`).
 * Pure.
 */

export interface DebVersion {
  epoch: number;
  upstream: string;
  /** '' when the version has no `-revision` */
  revision: string;
}

/** Split a version; undefined when it is not one (empty, bad epoch, no leading digit, bad characters). */
export function parseDebVersion(text: string): DebVersion | undefined {
  const v = text.trim();
  const colon = v.indexOf(':');
  let epoch = 0;
  let rest = v;
  if (colon >= 0) {
    const e = v.slice(0, colon);
    if (!/^\d+$/.test(e)) return undefined;
    epoch = Number(e);
    rest = v.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  const upstream = dash >= 0 ? rest.slice(0, dash) : rest;
  const revision = dash >= 0 ? rest.slice(dash + 1) : '';
  if (!/^\d[A-Za-z0-9.+~:-]*$/.test(upstream)) return undefined;
  if (dash >= 0 && !/^[A-Za-z0-9.+~]+$/.test(revision)) return undefined;
  return { epoch, upstream, revision };
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string): boolean => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

/** dpkg's order(): the end and digits 0, `~` below everything, letters by code, other characters after letters. */
function order(c: string | undefined): number {
  if (c === undefined || isDigit(c)) return 0;
  if (c === '~') return -1;
  if (isLetter(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const ac = order(a[i]);
      const bc = order(b[j]);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    let firstDiff = 0;
    while (isDigit(a[i]) && isDigit(b[j])) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a[i])) return 1;
    if (isDigit(b[j])) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

/** <0, 0 or >0 as `dpkg --compare-versions a lt|eq|gt b`; undefined when either is not a Debian version. */
export function compareDebVersions(a: string, b: string): number | undefined {
  const va = parseDebVersion(a);
  const vb = parseDebVersion(b);
  if (!va || !vb) return undefined;
  if (va.epoch !== vb.epoch) return va.epoch - vb.epoch;
  return Math.sign(verrevcmp(va.upstream, vb.upstream) || verrevcmp(va.revision, vb.revision));
}

/** The upstream version without epoch and distribution revision: `1:2.14.12-1ubuntu1` → `2.14.12`. */
export function upstreamOf(version: string): string {
  const v = parseDebVersion(version);
  return v ? v.upstream : version.trim();
}
