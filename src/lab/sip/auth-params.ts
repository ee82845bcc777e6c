/**
 * `Authorization: NTLM qop="auth", opaque="…", realm="…", targetname="…", gssapi-data="…", version=3`
 * → scheme + parameters (values unquoted; names lower-cased). Unlike src/sip's challenge parser this keeps
 * the secret values: the registrar needs them and never logs them.
 */
export interface AuthParams {
  scheme: string;
  params: Record<string, string>;
}

export function parseAuthParams(value: string): AuthParams | undefined {
  const m = /^\s*([A-Za-z0-9-]+)\s*(.*)$/s.exec(value);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/gy;
  const rest = m[2] ?? '';
  let p: RegExpExecArray | null;
  while (re.lastIndex < rest.length && (p = re.exec(rest)) !== null) {
    const name = (p[1] ?? '').toLowerCase();
    params[name] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
  }
  return { scheme: m[1] ?? '', params };
}

/** `name="value"` list in the order given; values are quoted unless listed in `bare`. */
export function formatAuthParams(scheme: string, params: readonly [string, string][], bare: readonly string[] = ['version']): string {
  return `${scheme} ${params.map(([k, v]) => (bare.includes(k) ? `${k}=${v}` : `${k}="${v}"`)).join(', ')}`;
}
