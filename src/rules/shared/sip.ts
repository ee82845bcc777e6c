import type { MsDiagnostic, SipRegister, SipWarning } from '../../evidence/kinds.js';

export function diagCodes(r: SipRegister): number[] {
  return (r.data.msDiagnostics ?? []).map((d) => d.code);
}

export function hasDiag(diags: readonly MsDiagnostic[] | undefined, codes: readonly number[]): MsDiagnostic | undefined {
  return (diags ?? []).find((d) => codes.includes(d.code));
}

export function describeDiag(d: MsDiagnostic): string {
  const code = d.subCode !== undefined ? `${d.code}.${d.subCode}` : String(d.code);
  return `ms-diagnostics${d.public ? '-public' : ''} ${code}${d.reason ? ` "${d.reason}"` : ''}`;
}

export function describeWarning(w: SipWarning): string {
  return `Warning ${w.code}${w.agent ? ` ${w.agent}` : ''} "${w.text}"`;
}

/** `403 Forbidden` */
export function statusLine(r: SipRegister): string {
  return r.data.status === undefined ? 'no response' : `${r.data.status}${r.data.reasonPhrase ? ` ${r.data.reasonPhrase}` : ''}`;
}

/** Everything the server said in one phrase: status, Warning and ms-diagnostics. */
export function serverSaid(r: SipRegister): string {
  const parts = [statusLine(r), ...(r.data.warnings ?? []).map(describeWarning), ...(r.data.msDiagnostics ?? []).map(describeDiag)];
  return parts.join('; ');
}
