/**
 * Minimal HTTP message reading for dumps in the log. TODO(logs): switch to the protocol helper's
 * `parseHttpMessage` / `soapFaultText` (src/protocol/http.ts) once it exists; same shapes.
 */
export interface HttpDumpMessage {
  type: 'request' | 'response';
  method?: string;
  target?: string;
  status?: number;
  reason?: string;
  headers: { name: string; value: string }[];
  body: string;
}

export function parseHttpDump(text: string): HttpDumpMessage | undefined {
  const lines = text.replace(/^\n+/, '').split('\n');
  const start = (lines[0] ?? '').trim();
  const req = /^([A-Z]+) (\S+) HTTP\/\d\.\d$/.exec(start);
  const res = req ? null : /^HTTP\/\d\.\d (\d{3})(?: (.*))?$/.exec(start);
  if (!req && !res) return undefined;
  const headers: { name: string; value: string }[] = [];
  let i = 1;
  for (; i < lines.length; i += 1) {
    const l = lines[i] as string;
    if (l.trim() === '') break;
    const m = /^([^:\s]+)\s*:\s*(.*)$/.exec(l);
    if (m) headers.push({ name: m[1] as string, value: (m[2] as string).trim() });
  }
  const body = lines.slice(i + 1).join('\n');
  return req
    ? { type: 'request', method: req[1] as string, target: req[2] as string, headers, body }
    : { type: 'response', status: Number(res?.[1]), ...(res?.[2] ? { reason: res[2] } : {}), headers, body };
}

export function httpHeader(msg: HttpDumpMessage, name: string): string | undefined {
  const n = name.toLowerCase();
  return msg.headers.find((h) => h.name.toLowerCase() === n)?.value;
}

export function httpHeaders(msg: HttpDumpMessage, name: string): string[] {
  const n = name.toLowerCase();
  return msg.headers.filter((h) => h.name.toLowerCase() === n).map((h) => h.value);
}

function xmlText(s: string): string {
  return s.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&').trim();
}

/** The human text of a SOAP fault (Passport `internalerror/text`, SOAP 1.2 `Reason/Text`, SOAP 1.1 `faultstring`). */
export function soapFault(body: string): string | undefined {
  if (!/Fault\b/.test(body)) return undefined;
  const patterns = [
    /<(?:\w+:)?internalerror\b[^>]*>[\s\S]*?<(?:\w+:)?text\b[^>]*>([\s\S]*?)<\/(?:\w+:)?text>/i,
    /<(?:\w+:)?Reason\b[^>]*>[\s\S]*?<(?:\w+:)?Text\b[^>]*>([\s\S]*?)<\/(?:\w+:)?Text>/,
    /<(?:\w+:)?faultstring\b[^>]*>([\s\S]*?)<\/(?:\w+:)?faultstring>/,
  ];
  for (const p of patterns) {
    const m = p.exec(body);
    if (m && xmlText(m[1] as string)) return xmlText(m[1] as string);
  }
  return undefined;
}
