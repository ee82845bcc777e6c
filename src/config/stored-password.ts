/**
 * The password Pidgin stored for one account (clear text in `<password>`), for the one caller that
 * needs its value: `collect`, which hands it to the real client in a throw-away profile. It is never
 * part of an account's parsed form (parse.ts keeps only whether one is stored). Pure.
 */
import type { SipeAccount } from './parse.js';
import { firstChild, scanXml } from './xml-scan.js';

/** The stored password of `account` in the accounts.xml text it was parsed from; undefined when none. */
export function storedPassword(text: string, account: SipeAccount): string | undefined {
  if (!account.hasPassword) return undefined;
  const { start, end } = account.spans.account;
  const scanned = scanXml(text.slice(start, end));
  if (!scanned.ok) return undefined;
  const value = firstChild(scanned.root, 'password')?.text;
  return value ? value : undefined;
}
