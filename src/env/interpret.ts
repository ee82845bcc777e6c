import { posix, win32 } from 'node:path';
import type { ClientEnvironment, InstalledComponent } from '../evidence/kinds.js';
import { upstreamOf } from './deb-version.js';
import type { HostSnapshot } from './host.js';
import {
  COMPONENT_PACKAGES,
  type ComponentName,
  isVpnInterface,
  libxml2VersionFromFile,
  localeFacts,
  type PackageRecord,
  parseClientVersion,
  parseDpkgQuery,
  parseOsRelease,
  parsePasswd,
  parseResolvConf,
  parseResolvectl,
  parseRpmQuery,
  profileDirFromArgs,
  PROXY_VARIABLES,
  redactProxyValue,
  releaseOf,
  rpmUpstream,
  tlsPluginsIn,
} from './parse.js';

export type EnvironmentData = ClientEnvironment['data'];

export const LABELS: Readonly<Record<ComponentName, string>> = { pidgin: 'pidgin', finch: 'finch', libpurple: 'libpurple', sipe: 'pidgin-sipe', libxml2: 'libxml2' };

/** Node's arch → dpkg's, to prefer the native package when several architectures are installed. */
const DPKG_ARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', ia32: 'i386', arm: 'armhf', ppc64: 'ppc64el', s390x: 's390x', riscv64: 'riscv64' };

function packageRecords(snap: HostSnapshot): PackageRecord[] | undefined {
  const pm = snap.packageManager;
  if (!pm?.result.ran) return undefined;
  return pm.name === 'dpkg' ? parseDpkgQuery(pm.result.stdout) : parseRpmQuery(pm.result.stdout);
}

function fromPackages(name: ComponentName, snap: HostSnapshot, records: readonly PackageRecord[]): InstalledComponent {
  const pm = snap.packageManager!.name;
  const names: readonly string[] = COMPONENT_PACKAGES[name][pm];
  const native = DPKG_ARCH[snap.arch];
  const candidates = records.filter((r) => names.includes(r.name) && r.installed);
  // the native architecture first, then the order of the names (libpurple0 before libpurple0t64)
  candidates.sort((a, b) => Number(b.arch === native || b.arch === undefined) - Number(a.arch === native || a.arch === undefined) || names.indexOf(a.name) - names.indexOf(b.name));
  const r = candidates[0];
  if (!r) return { installed: false, via: pm };
  return { installed: true, version: r.version, upstream: releaseOf(pm === 'dpkg' ? upstreamOf(r.version) : rpmUpstream(r.version)), via: pm, package: r.name };
}

/** What the files and `--version` outputs say, for a component the package database does not know. */
function fromFiles(name: ComponentName, snap: HostSnapshot): InstalledComponent | undefined {
  if (name === 'pidgin' || name === 'finch') {
    const out = snap.versionOutputs.find((v) => v.client === name);
    const parsed = out?.result.ran ? parseClientVersion(out.result.stdout) : undefined;
    if (out && parsed) return { installed: true, version: parsed.version, upstream: parsed.version, via: 'version-output', path: out.path };
    const bin = snap.clientBinaries.find((b) => b.client === name);
    return bin ? { installed: true, via: 'file', path: bin.path } : undefined;
  }
  if (name === 'libpurple') {
    for (const v of snap.versionOutputs) {
      const parsed = v.result.ran ? parseClientVersion(v.result.stdout) : undefined;
      if (parsed?.libpurple) return { installed: true, version: parsed.libpurple, upstream: parsed.libpurple, via: 'version-output', path: v.path };
    }
    const dir = snap.pluginDirs.find((d) => d.files.some((f) => /^ssl\.(?:so|dll|dylib)$/i.test(f)));
    return dir ? { installed: true, via: 'file', path: dir.path } : undefined;
  }
  if (name === 'sipe') {
    const b = snap.sipeBinary;
    if (!b) return undefined;
    return { installed: true, ...(b.version ? { version: b.version, upstream: b.version } : {}), via: 'file', path: b.path };
  }
  const file = snap.libxml2Files[0];
  const version = file ? libxml2VersionFromFile(posix.basename(file)) : undefined;
  return file && version ? { installed: true, version, upstream: version, via: 'file', path: file } : undefined;
}

function component(name: ComponentName, snap: HostSnapshot, records: readonly PackageRecord[] | undefined): InstalledComponent | undefined {
  const pkg = records ? fromPackages(name, snap, records) : undefined;
  if (pkg?.installed) {
    // the plugin file says where SIPE is and which crypto it links, whatever installed it
    if (name === 'sipe' && snap.sipeBinary) return { ...pkg, path: snap.sipeBinary.path };
    return pkg;
  }
  return fromFiles(name, snap) ?? pkg;
}

function localIso(now: Date, offsetMinutes: number): string {
  const shifted = new Date(now.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${shifted}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function runningClients(snap: HostSnapshot): EnvironmentData['runningClients'] {
  if (!snap.processes) return undefined;
  const users = snap.passwd ? parsePasswd(snap.passwd) : new Map<number, { name: string; home: string }>();
  return snap.processes.map((p) => {
    const account = p.uid !== undefined ? users.get(p.uid) : undefined;
    const own = p.uid !== undefined && p.uid === snap.user.uid;
    const user = account?.name ?? (own ? snap.user.name : undefined);
    const option = profileDirFromArgs(p.args);
    let profileDir: string | undefined;
    let from: 'option' | 'default' | 'unknown' = 'unknown';
    if (option !== undefined) {
      from = 'option';
      profileDir = posix.isAbsolute(option) || !p.cwd ? option : posix.join(p.cwd, option);
    } else {
      const home = own ? snap.env['HOME'] ?? account?.home : account?.home;
      if (home) {
        from = 'default';
        profileDir = posix.join(home, '.purple');
      }
    }
    return { name: p.name, pid: p.pid, ...(user ? { user } : {}), ...(profileDir ? { profileDir } : {}), profileDirFrom: from };
  });
}

/** The snapshot as evidence data. Pure; what could not be told is listed in `unknown`. */
export function interpretHost(snap: HostSnapshot): EnvironmentData {
  const unknown = [...snap.notes];
  const records = packageRecords(snap);
  const comps = Object.fromEntries(
    (Object.keys(COMPONENT_PACKAGES) as ComponentName[]).map((n) => [n, component(n, snap, records)] as const),
  ) as Record<ComponentName, InstalledComponent | undefined>;
  for (const [n, c] of Object.entries(comps)) {
    if (c === undefined) unknown.push(`${LABELS[n as ComponentName]}: no package database answer and no file found`);
  }
  const sipe = comps.sipe && snap.sipeBinary?.crypto && comps.sipe.installed ? { ...comps.sipe, crypto: snap.sipeBinary.crypto } : comps.sipe;

  const os = snap.osRelease !== undefined ? parseOsRelease(snap.osRelease) : {};
  const tlsPlugins = [...new Set(snap.pluginDirs.flatMap((d) => tlsPluginsIn(d.files)))];

  let resolver: EnvironmentData['resolver'];
  if (snap.resolvConf?.text !== undefined) {
    const conf = parseResolvConf(snap.resolvConf.text);
    const links = snap.resolvectl?.ran ? parseResolvectl(snap.resolvectl.stdout) : undefined;
    resolver = { source: snap.resolvConf.path, nameservers: conf.nameservers, search: conf.search, ...(links?.length ? { resolved: links } : {}) };
  } else {
    unknown.push(snap.resolvConf ? `resolver: ${snap.resolvConf.path} cannot be read` : `resolver: not read on ${snap.platform}`);
  }

  const proxyVariables: Record<string, string> = {};
  for (const k of PROXY_VARIABLES) {
    const v = snap.env[k];
    if (v) proxyVariables[k] = redactProxyValue(v);
  }

  const locale = localeFacts(snap.env);
  const hasLocale = snap.platform !== 'win32' || Object.keys(locale.variables).length > 0;
  if (!hasLocale) unknown.push('locale: Windows sets it outside the environment (Pidgin: Tools → Preferences)');

  const clients = runningClients(snap);
  if (!clients) unknown.push(`running Pidgin/Finch: not detectable on ${snap.platform}`);

  const acc = snap.accounts;
  const summary = acc.summary;
  const accountsXml: EnvironmentData['accountsXml'] = {
    path: acc.path,
    exists: acc.exists,
    ...(summary && 'problem' in summary ? { problem: summary.problem } : {}),
    ...(summary && !('problem' in summary) ? { accounts: summary.accounts, sipeAccounts: summary.sipeAccounts } : {}),
  };

  const vpn = snap.interfaces?.filter(isVpnInterface);
  const winPath = snap.platform === 'win32' ? win32 : posix;
  return {
    platform: snap.platform,
    arch: snap.arch,
    os: { ...os, ...(snap.kernel ? { kernel: snap.kernel } : {}) },
    ...(snap.packageManager?.result.ran ? { packageManager: snap.packageManager.name } : {}),
    ...(comps.pidgin ? { pidgin: comps.pidgin } : {}),
    ...(comps.finch ? { finch: comps.finch } : {}),
    ...(comps.libpurple ? { libpurple: comps.libpurple } : {}),
    ...(sipe ? { sipe } : {}),
    ...(comps.libxml2 ? { libxml2: comps.libxml2 } : {}),
    tlsPlugins,
    purpleDir: { path: winPath.normalize(snap.purpleDir.path), exists: snap.purpleDir.exists },
    accountsXml,
    ...(clients ? { runningClients: clients } : {}),
    ...(resolver ? { resolver } : {}),
    proxyVariables,
    ...(hasLocale ? { locale } : {}),
    ...(snap.interfaces ? { interfaces: snap.interfaces, vpnInterfaces: vpn ?? [] } : {}),
    clock: { local: localIso(snap.now, snap.utcOffsetMinutes), ...(snap.timeZone ? { timeZone: snap.timeZone } : {}), utcOffsetMinutes: snap.utcOffsetMinutes },
    user: snap.user,
    ...(unknown.length ? { unknown } : {}),
  };
}
