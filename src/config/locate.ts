import { isAbsolute, posix, resolve as resolvePath, win32 } from 'node:path';

export interface LocateInput {
  /** a path argument given on the command line (file or a .purple directory) */
  path?: string;
  /** --purple-dir DIR */
  purpleDir?: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  /** the user's home directory */
  home: string;
  cwd: string;
}

/**
 * Where Pidgin keeps accounts.xml: `~/.purple/accounts.xml` on Linux/BSD/macOS,
 * `%APPDATA%\.purple\accounts.xml` on Windows; `--purple-dir` or an explicit path wins
 * (Pidgin for Windows also honours PURPLEHOME).
 * Pure: `isDir` tells whether a path argument names a directory.
 */
export function locateAccountsXml(input: LocateInput, isDir: (p: string) => boolean = () => false): string {
  const path = input.platform === 'win32' ? win32 : posix;
  const abs = (p: string): string => (isAbsolute(p) || path.isAbsolute(p) ? p : resolvePath(input.cwd, p));
  if (input.path !== undefined && input.path !== '') {
    const p = abs(input.path);
    return isDir(p) ? path.join(p, 'accounts.xml') : p;
  }
  if (input.purpleDir !== undefined && input.purpleDir !== '') return path.join(abs(input.purpleDir), 'accounts.xml');
  if (input.platform === 'win32') {
    // Pidgin for Windows: PURPLEHOME (if set) replaces %APPDATA% as the parent of .purple
    const purpleHome = input.env['PURPLEHOME'];
    if (purpleHome) return path.join(purpleHome, '.purple', 'accounts.xml');
    const appData = input.env['APPDATA'] ?? path.join(input.home, 'AppData', 'Roaming');
    return path.join(appData, '.purple', 'accounts.xml');
  }
  return path.join(input.home, '.purple', 'accounts.xml');
}
