/**
 * The outside world of the environment producer, as ports: gather.ts reads files and runs commands
 * only through these, so tests give it a fake filesystem root and a fake command runner
 * (src/adapters/node-host.ts is the real one).
 */

export type RunResult =
  /** the command ran (any exit code: `dpkg-query` exits 1 when one of several names is unknown) */
  | { ran: true; code: number; stdout: string; stderr: string }
  /** not installed, timed out, or could not be started */
  | { ran: false; reason: 'not-found' | 'timeout' | 'error'; message: string };

export interface HostPorts {
  platform: NodeJS.Platform;
  arch: string;
  /** os.release() */
  kernel?: string;
  /** the environment variables of this run */
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  user: { name?: string; uid?: number };
  now(): Date;
  /** IANA zone (Intl) and the UTC offset in minutes east at `at` */
  timeZone(): string | undefined;
  utcOffsetMinutes(at: Date): number;
  /** text of a file, at most maxBytes (default 1 MiB); undefined when it cannot be read */
  readText(path: string, maxBytes?: number): Promise<string | undefined>;
  readBytes(path: string, maxBytes: number): Promise<Uint8Array | undefined>;
  /** entry names; undefined when not a readable directory */
  listDir(path: string): Promise<string[] | undefined>;
  /** 'file' | 'dir' | undefined (missing or unreadable); follows links */
  kind(path: string): Promise<'file' | 'dir' | undefined>;
  readLink(path: string): Promise<string | undefined>;
  /** run without a shell, stdin closed, LC_ALL=C, killed after timeoutMs */
  run(command: string, args: readonly string[], timeoutMs: number): Promise<RunResult>;
  /** interface names (os.networkInterfaces) */
  interfaces(): string[];
}

/** A running Pidgin/Finch as /proc shows it (the environment is never read: it may hold secrets). */
export interface ProcessInfo {
  pid: number;
  name: string;
  args: string[];
  uid?: number;
  /** the process's working directory, to resolve a relative `-c DIR` (readable for own processes or root) */
  cwd?: string;
}

/** What gather.ts collected: raw text and small facts, interpreted by interpret.ts. */
export interface HostSnapshot {
  platform: NodeJS.Platform;
  arch: string;
  kernel?: string;
  osRelease?: string;
  env: Readonly<Record<string, string | undefined>>;
  user: { name?: string; uid?: number };
  now: Date;
  timeZone?: string;
  utcOffsetMinutes: number;
  packageManager?: { name: 'dpkg' | 'rpm'; result: RunResult };
  /** `pidgin --version` / `finch --version`, run only for a binary the package database did not account for */
  versionOutputs: { client: 'pidgin' | 'finch'; path: string; result: RunResult }[];
  /** pidgin / finch executables found on PATH (or the Windows install directory) */
  clientBinaries: { client: 'pidgin' | 'finch'; path: string }[];
  /** libpurple plugin directories found and their file names */
  pluginDirs: { path: string; files: string[] }[];
  sipeBinary?: { path: string; version?: string; crypto?: 'nss' | 'openssl' };
  /** real libxml2.so.X.Y.Z files found in the library directories */
  libxml2Files: string[];
  purpleDir: { path: string; exists: boolean };
  accounts: { path: string; exists: boolean; summary?: { accounts: number; sipeAccounts: number } | { problem: string } };
  /** undefined: this platform has no /proc to scan */
  processes?: ProcessInfo[];
  passwd?: string;
  resolvConf?: { path: string; text?: string };
  resolvectl?: RunResult;
  interfaces?: string[];
  /** what could not be done, in words */
  notes: string[];
}
