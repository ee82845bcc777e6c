import { posix, win32 } from 'node:path';
import { locateAccountsXml } from '../config/locate.js';
import type { HostPorts, HostSnapshot, ProcessInfo, RunResult } from './host.js';
import {
  COMPONENT_PACKAGES,
  DPKG_QUERY_FORMAT,
  isResolvedStub,
  libxml2VersionFromFile,
  parseDpkgQuery,
  parseResolvConf,
  parseRpmQuery,
  RPM_QUERY_FORMAT,
  sipeBinaryFacts,
  summarizeAccounts,
  uidFromProcStatus,
} from './parse.js';

export interface GatherOptions {
  /** Pidgin's settings directory to look at instead of the default (`--purple-dir`, as `pidgin -c DIR`) */
  purpleDir?: string;
  /** resolves a relative purpleDir */
  cwd?: string;
  /** deadline of each command (dpkg-query, rpm, pidgin --version, resolvectl); default 3 s */
  commandTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 3000;
/** the cap `config` reads accounts.xml with */
const MAX_ACCOUNTS_BYTES = 16 * 1024 * 1024;
/** libsipe.so is about 0.6 MB; a plugin file larger than this is not read */
const MAX_PLUGIN_BYTES = 64 * 1024 * 1024;
const CLIENTS = ['pidgin', 'finch'] as const;

/** Where libpurple plugins live, per platform (the plugin directory also holds the ssl-*.so TLS plugins). */
async function pluginDirCandidates(ports: HostPorts): Promise<string[]> {
  const { platform, env, home } = ports;
  if (platform === 'win32') {
    const bases = [env['ProgramFiles(x86)'], env['ProgramFiles'], env['ProgramW6432']].filter((b): b is string => !!b);
    const appData = env['APPDATA'] ?? win32.join(home, 'AppData', 'Roaming');
    return [...new Set([...bases.map((b) => win32.join(b, 'Pidgin', 'plugins')), win32.join(env['PURPLEHOME'] ?? appData, '.purple', 'plugins')])];
  }
  const dirs: string[] = [];
  const libs = platform === 'darwin' ? ['/opt/homebrew/lib', '/usr/local/lib', '/opt/local/lib'] : ['/usr/lib', '/usr/lib64', '/usr/lib32', '/usr/local/lib', '/usr/local/lib64'];
  for (const lib of libs) {
    dirs.push(posix.join(lib, 'purple-2'));
    // Debian/Ubuntu multiarch: /usr/lib/x86_64-linux-gnu/purple-2 (pidgin-sipe itself installs to /usr/lib/purple-2)
    for (const sub of (await ports.listDir(lib)) ?? []) if (/-linux-gnu|-linux-musl/.test(sub)) dirs.push(posix.join(lib, sub, 'purple-2'));
  }
  dirs.push(posix.join(home, '.purple', 'plugins'));
  return dirs;
}

/** Library directories that may hold libxml2.so.2.X.Y (Linux). */
async function libDirCandidates(ports: HostPorts): Promise<string[]> {
  if (ports.platform !== 'linux') return [];
  const dirs: string[] = [];
  for (const lib of ['/usr/lib', '/lib', '/usr/lib64', '/lib64', '/usr/local/lib']) {
    dirs.push(lib);
    for (const sub of (await ports.listDir(lib)) ?? []) if (/-linux-gnu|-linux-musl/.test(sub)) dirs.push(posix.join(lib, sub));
  }
  return dirs;
}

function describeFailure(command: string, r: RunResult, timeoutMs: number): string | undefined {
  if (r.ran) return undefined;
  if (r.reason === 'timeout') return `${command}: timed out after ${Math.round(timeoutMs / 100) / 10} s`;
  if (r.reason === 'error') return `${command}: ${r.message}`;
  return undefined;
}

async function queryPackages(ports: HostPorts, timeoutMs: number, notes: string[]): Promise<HostSnapshot['packageManager']> {
  if (ports.platform === 'win32' || ports.platform === 'darwin') return undefined;
  const dpkgNames = Object.values(COMPONENT_PACKAGES).flatMap((c) => c.dpkg);
  let dpkg = await ports.run('dpkg-query', ['-W', '-f', DPKG_QUERY_FORMAT, ...dpkgNames], timeoutMs);
  if (dpkg.ran && dpkg.code >= 2) {
    // 1 only means "some names unknown"; 2 is a fatal error (e.g. an unreadable database): no answer, not "none installed"
    const first = dpkg.stderr.split('\n').find((l) => l.trim() !== '') ?? `exit code ${dpkg.code}`;
    dpkg = { ran: false, reason: 'error', message: first.replace(/^dpkg-query:\s*/, '') };
  }
  if (dpkg.ran || dpkg.reason !== 'not-found') {
    const failure = describeFailure('dpkg-query', dpkg, timeoutMs);
    if (failure) notes.push(failure);
    return { name: 'dpkg', result: dpkg };
  }
  const rpmNames = [...new Set(Object.values(COMPONENT_PACKAGES).flatMap((c) => c.rpm))];
  const rpm = await ports.run('rpm', ['-q', '--qf', RPM_QUERY_FORMAT, ...rpmNames], timeoutMs);
  if (rpm.ran || rpm.reason !== 'not-found') {
    const failure = describeFailure('rpm', rpm, timeoutMs);
    if (failure) notes.push(failure);
    return { name: 'rpm', result: rpm };
  }
  notes.push('package versions: neither dpkg-query nor rpm is installed');
  return undefined;
}

/** Names the package database reports as installed (to skip `--version` for those). */
function installedPackages(pm: HostSnapshot['packageManager']): Set<string> {
  if (!pm?.result.ran) return new Set();
  const records = pm.name === 'rpm' ? parseRpmQuery(pm.result.stdout) : parseDpkgQuery(pm.result.stdout);
  return new Set(records.filter((p) => p.installed).map((p) => p.name));
}

async function findClientBinaries(ports: HostPorts): Promise<HostSnapshot['clientBinaries']> {
  const found: HostSnapshot['clientBinaries'] = [];
  if (ports.platform === 'win32') {
    for (const base of [ports.env['ProgramFiles(x86)'], ports.env['ProgramFiles']].filter((b): b is string => !!b)) {
      const exe = win32.join(base, 'Pidgin', 'pidgin.exe');
      if ((await ports.kind(exe)) === 'file') return [{ client: 'pidgin', path: exe }];
    }
    return found;
  }
  const path = (ports.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin').split(':').filter((d) => d.startsWith('/'));
  for (const client of CLIENTS) {
    for (const dir of path) {
      const exe = posix.join(dir, client);
      if ((await ports.kind(exe)) === 'file') {
        found.push({ client, path: exe });
        break;
      }
    }
  }
  return found;
}

async function scanProcesses(ports: HostPorts): Promise<ProcessInfo[] | undefined> {
  if (ports.platform !== 'linux') return undefined;
  const entries = await ports.listDir('/proc');
  if (!entries) return undefined;
  const found: ProcessInfo[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const dir = posix.join('/proc', entry);
    const name = (await ports.readText(posix.join(dir, 'comm'), 256))?.trim();
    if (name !== 'pidgin' && name !== 'finch') continue;
    const cmdline = await ports.readBytes(posix.join(dir, 'cmdline'), 64 * 1024);
    const args = cmdline ? new TextDecoder().decode(cmdline).split('\0').filter((a, i, all) => a !== '' || i < all.length - 1) : [];
    const status = await ports.readText(posix.join(dir, 'status'), 64 * 1024);
    const uid = status ? uidFromProcStatus(status) : undefined;
    const cwd = await ports.readLink(posix.join(dir, 'cwd'));
    found.push({ pid: Number(entry), name, args, ...(uid !== undefined ? { uid } : {}), ...(cwd ? { cwd } : {}) });
  }
  return found;
}

async function readAccounts(ports: HostPorts, path: string): Promise<HostSnapshot['accounts']> {
  const kind = await ports.kind(path);
  if (kind !== 'file') return { path, exists: kind === 'dir' };
  const text = await ports.readText(path, MAX_ACCOUNTS_BYTES);
  if (text === undefined) return { path, exists: true, summary: { problem: 'cannot be read (permission denied or larger than 16 MiB)' } };
  // only the counts leave this function: the text (with any stored password) is dropped here
  return { path, exists: true, summary: summarizeAccounts(text) };
}

/** Collect what the environment report needs. Never throws for a missing file or command: those become notes or absent fields. */
export async function gatherHost(ports: HostPorts, opts: GatherOptions = {}): Promise<HostSnapshot> {
  const timeoutMs = opts.commandTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const notes: string[] = [];
  const path = ports.platform === 'win32' ? win32 : posix;
  const now = ports.now();
  const timeZone = ports.timeZone();

  const accountsPath = locateAccountsXml({
    ...(opts.purpleDir ? { purpleDir: opts.purpleDir } : {}),
    env: ports.env,
    platform: ports.platform,
    home: ports.home,
    cwd: opts.cwd ?? ports.home,
  });
  const purpleDirPath = path.dirname(accountsPath);

  const [osRelease, packageManager, pluginDirs, libxml2Files, clientBinaries, purpleDirKind, accounts, processes, resolvConfText] = await Promise.all([
    ports.platform === 'win32' ? undefined : ports.readText('/etc/os-release', 64 * 1024).then(async (t) => t ?? ports.readText('/usr/lib/os-release', 64 * 1024)),
    queryPackages(ports, timeoutMs, notes),
    pluginDirCandidates(ports).then(async (dirs) => {
      const out: HostSnapshot['pluginDirs'] = [];
      for (const dir of dirs) {
        const files = await ports.listDir(dir);
        if (files) out.push({ path: dir, files: files.sort() });
      }
      return out;
    }),
    libDirCandidates(ports).then(async (dirs) => {
      const out: string[] = [];
      for (const dir of dirs) for (const f of (await ports.listDir(dir)) ?? []) if (libxml2VersionFromFile(f)) out.push(posix.join(dir, f));
      return [...new Set(out)];
    }),
    findClientBinaries(ports),
    ports.kind(purpleDirPath),
    readAccounts(ports, accountsPath),
    scanProcesses(ports),
    ports.platform === 'win32' ? undefined : ports.readText('/etc/resolv.conf', 256 * 1024),
  ]);

  let sipeBinary: HostSnapshot['sipeBinary'];
  for (const dir of pluginDirs) {
    const file = dir.files.find((f) => /^libsipe\.(?:so|dll|dylib)$/i.test(f));
    if (!file) continue;
    const p = path.join(dir.path, file);
    const bytes = await ports.readBytes(p, MAX_PLUGIN_BYTES);
    sipeBinary = { path: p, ...(bytes ? sipeBinaryFacts(bytes) : {}) };
    if (!bytes) notes.push(`${p}: cannot be read`);
    break;
  }

  // `pidgin --version` only for a binary the package database does not account for (a self-built one)
  const installed = installedPackages(packageManager);
  const versionOutputs: HostSnapshot['versionOutputs'] = [];
  if (ports.platform !== 'win32') {
    for (const b of clientBinaries) {
      if (COMPONENT_PACKAGES[b.client][packageManager?.name ?? 'dpkg'].some((n) => installed.has(n))) continue;
      const result = await ports.run(b.path, ['--version'], timeoutMs);
      const failure = describeFailure(`${b.client} --version`, result, timeoutMs);
      if (failure) notes.push(failure);
      versionOutputs.push({ client: b.client, path: b.path, result });
    }
  }

  const resolvConf = resolvConfText === undefined && ports.platform === 'win32' ? undefined : { path: '/etc/resolv.conf', ...(resolvConfText !== undefined ? { text: resolvConfText } : {}) };
  let resolvectl: RunResult | undefined;
  if (resolvConfText !== undefined && isResolvedStub(parseResolvConf(resolvConfText).nameservers)) {
    // read-only: asks the local systemd-resolved for its configuration, sends no DNS query
    resolvectl = await ports.run('resolvectl', ['status', '--no-pager'], timeoutMs);
    const failure = describeFailure('resolvectl', resolvectl, timeoutMs);
    if (failure) notes.push(failure);
  }

  const passwd = processes?.length ? await ports.readText('/etc/passwd', 4 * 1024 * 1024) : undefined;
  let interfaces: string[] | undefined;
  try {
    interfaces = ports.interfaces();
  } catch (err) {
    notes.push(`network interfaces: ${(err as Error).message}`);
  }

  return {
    platform: ports.platform,
    arch: ports.arch,
    ...(ports.kernel ? { kernel: ports.kernel } : {}),
    ...(osRelease !== undefined ? { osRelease } : {}),
    env: ports.env,
    user: ports.user,
    now,
    ...(timeZone ? { timeZone } : {}),
    utcOffsetMinutes: ports.utcOffsetMinutes(now),
    ...(packageManager ? { packageManager } : {}),
    versionOutputs,
    clientBinaries,
    pluginDirs,
    ...(sipeBinary ? { sipeBinary } : {}),
    libxml2Files,
    purpleDir: { path: purpleDirPath, exists: purpleDirKind === 'dir' },
    accounts,
    ...(processes ? { processes } : {}),
    ...(passwd !== undefined ? { passwd } : {}),
    ...(resolvConf ? { resolvConf } : {}),
    ...(resolvectl ? { resolvectl } : {}),
    ...(interfaces ? { interfaces } : {}),
    notes,
  };
}
