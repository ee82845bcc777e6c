/**
 * Which HTTP proxy a run uses: `--proxy URL`, else HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the
 * environment (either case). Apart from undici-http.ts so that reading it does not load undici.
 */
export interface ProxyChoice {
  /** `--proxy URL` */
  proxy?: string;
  /** the process environment (HTTPS_PROXY …), read only when `proxy` is not given */
  env?: Readonly<Record<string, string | undefined>>;
}

const envValue = (env: Readonly<Record<string, string | undefined>>, name: string): string | undefined =>
  env[name] ?? env[name.toLowerCase()];

export function describeProxy(o: ProxyChoice): string | undefined {
  if (o.proxy) return o.proxy;
  const env = o.env ?? {};
  return envValue(env, 'HTTPS_PROXY') ?? envValue(env, 'HTTP_PROXY');
}

/** The proxy for http: and for https: URLs, and NO_PROXY (only from the environment). */
export function proxySettings(o: ProxyChoice): { httpProxy?: string | undefined; httpsProxy?: string | undefined; noProxy?: string | undefined } {
  const env = o.env ?? {};
  return {
    httpProxy: o.proxy ?? envValue(env, 'HTTP_PROXY'),
    httpsProxy: o.proxy ?? envValue(env, 'HTTPS_PROXY'),
    noProxy: o.proxy ? undefined : envValue(env, 'NO_PROXY'),
  };
}
