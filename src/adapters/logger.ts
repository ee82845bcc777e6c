import { createRequire } from 'node:module';
import type { Logger as PinoLogger } from 'pino';
import { redactSecrets } from '../redact/index.js';

type Pino = typeof import('pino');
let pinoModule: Pino | undefined;
/**
 * pino is loaded when a logger first writes (most runs log nothing at the default level: its ~25
 * modules and its set-up would be start-up cost for nothing). It is CommonJS, so require() loads it
 * synchronously, from the log call itself.
 */
function loadPino(): Pino {
  return (pinoModule ??= createRequire(import.meta.url)('pino') as Pino);
}

/**
 * The tool's own diagnostic log (not the report): pino to stderr or `--log-file`, never stdout.
 * Secrets never reach it: pino's `redact` handles the well-known paths, and a deep key scrub
 * plus a string scrub are a second guard for anything a caller nests or interpolates.
 */
export type Logger = PinoLogger;
export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

export const REDACTED = '<redacted>';

/** Keys whose value is a secret whatever its shape (compared lower-case, `_` as `-`). */
const SECRET_KEYS = new Set([
  'password', 'passwd', 'pass', 'pwd', 'secret', 'credentials', 'credential',
  'authorization', 'proxy-authorization', 'www-authenticate-response',
  'cookie', 'set-cookie', 'cookies',
  'token', 'tokens', 'ticket', 'webticket', 'x-ms-webticket', 'web-ticket',
  'gssapi-data', 'gssapi', 'ntlm', 'ntlm-token', 'kerberos-token', 'tls-dsk',
  'saml', 'assertion', 'saml-assertion', 'binarysecuritytoken', 'binary-security-token',
  'privatekey', 'private-key', 'key-pem',
]);
/** SIP/HTTP auth parameters: secret when they hold a string (a `response` object is not one). */
const SECRET_PARAMS = new Set(['response', 'crand', 'cnum', 'opaque', 'rspauth', 'snum', 'srand', 'signature']);
/** camelCase / prefixed variants: accessToken, userPassword, clientSecret … */
const SECRET_SUFFIX = /(password|passwd|token|secret|cookie|ticket|assertion|authorization)$/i;

function normalise(key: string): string {
  return key.toLowerCase().replace(/_/g, '-');
}

export function isSecretKey(key: string, value: unknown): boolean {
  const k = normalise(key);
  if (SECRET_KEYS.has(k) || SECRET_SUFFIX.test(key)) return true;
  return SECRET_PARAMS.has(k) && (typeof value === 'string' || typeof value === 'number');
}

/** Header lines and `key=value` pairs that carry secrets inside free text. */
const STRING_SCRUBS: readonly [RegExp, string][] = [
  [/\b((?:Proxy-)?Authorization|Cookie|Set-Cookie|X-MS-WebTicket)\s*:\s*[^\r\n]*/gi, `$1: ${REDACTED}`],
  [/\b(gssapi-data|response|crand|cnum|opaque|rspauth|password|passwd)\s*=\s*("[^"]*"|[^\s,;&]+)/gi, `$1=${REDACTED}`],
  [/\b(Basic|NTLM|Negotiate|Kerberos|Bearer)\s+[A-Za-z0-9+/=_-]{16,}/g, `$1 ${REDACTED}`],
  [/<(saml:Assertion|Assertion|wsse:BinarySecurityToken|BinarySecurityToken)\b[\s\S]*?(<\/\1>|$)/g, `<$1>${REDACTED}</$1>`],
];

export function scrubString(text: string): string {
  let out = text;
  for (const [re, replacement] of STRING_SCRUBS) out = out.replace(re, replacement);
  // then the one redactor every other output uses (names and shapes)
  return redactSecrets(out);
}

/** A redacted deep copy (Errors kept: pino's err serializer handles them; cycles cut). */
export function scrubDeep(value: unknown, seen = new WeakSet<object>(), depth = 0): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (!value || typeof value !== 'object' || value instanceof Error) return value;
  if (seen.has(value) || depth > 12) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, seen, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = isSecretKey(k, v) ? REDACTED : scrubDeep(v, seen, depth + 1);
  }
  return out;
}

const KEYS_FOR_PATHS = ['password', 'authorization', 'cookie', 'token', 'ticket', 'gssapi-data', 'proxy-authorization', 'set-cookie', 'x-ms-webticket'];
/** pino `redact` paths: top level, one and two levels down, and under `headers`. */
export const REDACT_PATHS: readonly string[] = KEYS_FOR_PATHS.flatMap((k) => {
  const p = /^[a-z]+$/.test(k) ? k : `["${k}"]`;
  const join = (prefix: string): string => (p.startsWith('[') ? `${prefix}${p}` : `${prefix}.${p}`);
  return [p, join('*'), join('*.*'), join('headers'), join('req.headers'), join('res.headers')];
});

export function levelFor(flags: { verbose?: boolean | undefined; debug?: boolean | undefined; quiet?: boolean | undefined }): LogLevel {
  if (flags.debug) return 'debug';
  if (flags.verbose) return 'info';
  if (flags.quiet) return 'error';
  return 'warn';
}

export interface LoggerOptions {
  level: LogLevel;
  /** a stream-like sink (stderr, or a test buffer), or a file path to append to */
  destination: { write(chunk: string): unknown } | { file: string };
  /** readable lines (`sipe-doctor warn: message (key=value)`) instead of JSON: for a person at a terminal */
  pretty?: boolean | undefined;
}

/** One pino JSON line → `sipe-doctor warn: message (key=value …)`. */
export function prettyLine(json: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { level, msg, time: _time, name: _name, err, ...rest } = o;
  const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const errText = err && typeof err === 'object' ? String((err as { message?: unknown }).message ?? '') : '';
  const tail = [errText, ...fields].filter(Boolean).join(', ');
  return `sipe-doctor ${String(level ?? 'log')}: ${String(msg ?? '')}${tail ? ` (${tail})` : ''}\n`;
}

function prettyStream(out: { write(chunk: string): unknown }): { write(chunk: string): unknown } {
  return { write: (chunk: string) => out.write(String(chunk).split('\n').filter(Boolean).map(prettyLine).join('')) };
}

const LEVEL_VALUES: Readonly<Record<Exclude<LogLevel, 'silent'>, number>> & { fatal: number } = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const isLevelName = (name: string | symbol): name is keyof typeof LEVEL_VALUES => typeof name === 'string' && Object.hasOwn(LEVEL_VALUES, name);

/**
 * A logger that builds the real (pino) one only when a message at an enabled level is written, or
 * anything beyond the level methods, `level`, `isLevelEnabled` and `child` is used. Calls below the
 * level are dropped exactly as pino drops them.
 */
function lazyLogger(level: LogLevel, make: () => Logger): Logger {
  let real: Logger | undefined;
  const get = (): Logger => (real ??= make());
  const threshold = level === 'silent' ? Infinity : LEVEL_VALUES[level];
  const noop = (): void => undefined;
  return new Proxy({} as Logger, {
    get(_target, prop) {
      if (real === undefined) {
        if (isLevelName(prop)) {
          return LEVEL_VALUES[prop] < threshold ? noop : (...args: unknown[]) => {
            const r = get();
            (r[prop] as (...a: unknown[]) => void).apply(r, args);
          };
        }
        if (prop === 'level') return level;
        if (prop === 'isLevelEnabled') return (l: string) => isLevelName(l) && LEVEL_VALUES[l] >= threshold;
        if (prop === 'child') {
          return (bindings: Record<string, unknown>, options?: object) =>
            options === undefined ? lazyLogger(level, () => get().child(bindings)) : get().child(bindings, options);
        }
      }
      const r = get();
      const value: unknown = Reflect.get(r, prop);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(r) : value;
    },
    set(_target, prop, value) {
      return Reflect.set(get(), prop, value);
    },
    has(_target, prop) {
      return Reflect.has(get(), prop);
    },
  });
}

/**
 * Create the process's one logger. Throws (ENOENT, EACCES …) when a log file cannot be opened: a
 * file destination is opened at once; with a stream, pino is set up on the first message written.
 */
export function createLogger(opts: LoggerOptions): Logger {
  return 'file' in opts.destination ? pinoLogger(opts) : lazyLogger(opts.level, () => pinoLogger(opts));
}

function pinoLogger(opts: LoggerOptions): Logger {
  const { pino } = loadPino();
  const dest =
    'file' in opts.destination
      ? pino.destination({ dest: opts.destination.file, sync: true, append: true })
      : opts.pretty
        ? prettyStream(opts.destination)
        : opts.destination;
  return pino(
    {
      name: 'sipe-doctor',
      level: opts.level,
      base: null,
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => scrubDeep(obj) as Record<string, unknown>,
      },
      hooks: {
        // interpolated / message strings get the same scrub as objects
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubString(a) : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    dest as Parameters<typeof pino>[1],
  );
}

/** A logger that drops everything (library use, tests that don't care). */
export function silentLogger(): Logger {
  return lazyLogger('silent', () => loadPino().pino({ level: 'silent' }));
}
