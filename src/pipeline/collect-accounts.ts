import { findAccount, type SipeAccount } from '../config/parse.js';
import type { AccountsFile } from './collect.js';

/** The accounts of a file matching a Username (or the full `Username,Login`); all when none is named. */
export function selectAccounts(file: AccountsFile, wanted?: string): SipeAccount[] {
  return wanted === undefined ? file.loaded.accounts : findAccount(file.loaded.accounts, wanted);
}
