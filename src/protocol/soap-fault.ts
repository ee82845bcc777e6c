/**
 * SOAP faults of the Web Ticket, Certificate Provisioning, RST2 and ADFS services, in their several
 * dialects, and what a fault text means (SIP URI mismatch, multi-factor authentication required).
 * The one way to pick a fault's text: the web-ticket probe, the log analyzer and the rules all quote
 * the same words. Pure; never throws on bad input.
 */
import { child, children, findFirst, parseXml, textOf } from './xml.js';

/** What a SOAP fault says, in its several dialects. */
export interface SoapFault {
  /** the most specific human-readable text (see soapFaultText) */
  text: string;
  /** SOAP 1.1 faultcode or SOAP 1.2 Code/Value (prefix kept as sent) */
  code?: string;
  /** SOAP 1.2 Code/Subcode/Value, e.g. `wst:FailedAuthentication` */
  subcode?: string;
  /** SOAP 1.1 faultstring or SOAP 1.2 Reason/Text */
  reason?: string;
  /** `OCSDiagnosticsFaultType/Ms-Diagnostics-Fault` */
  msDiagnostics?: { errorId?: number; reason?: string };
  /** Passport / RST2 `Detail/error/internalerror/text` (and its code) */
  internalError?: { code?: string; text?: string };
  /** Passport `Detail/error/value`, e.g. `0x80048821` */
  errorValue?: string;
}

/**
 * Read a SOAP fault from a response body. Namespace prefixes vary, so elements are matched by
 * local name. `undefined` when the body holds no fault (or is not XML).
 */
export function parseSoapFault(body: string): SoapFault | undefined {
  // no element named Fault (in any case, see findFirst) without the word: the common answer skips the XML parse
  if (!/fault/i.test(body)) return undefined;
  const doc = parseXml(body);
  if (!doc) return undefined;
  const fault = findFirst(doc, 'Fault');
  if (fault === undefined || fault === null || typeof fault !== 'object') {
    return typeof fault === 'string' && fault.trim() !== '' ? { text: textOf(fault) ?? '' } : undefined;
  }
  const out: Partial<SoapFault> = {};

  const faultcode = textOf(child(fault, 'faultcode'));
  const code12 = child(fault, 'Code');
  const code = faultcode ?? textOf(child(code12, 'Value'));
  if (code) out.code = code;
  const sub = textOf(child(child(code12, 'Subcode'), 'Value'));
  if (sub) out.subcode = sub;

  let reason = textOf(child(fault, 'faultstring'));
  if (!reason) {
    const texts = children(child(fault, 'Reason'), 'Text');
    const en = texts.find((t) => /^en/i.test(String((t as Record<string, unknown> | undefined)?.['@lang'] ?? '')));
    reason = textOf(en ?? texts[0]);
  }
  if (reason) out.reason = reason;

  const detail = child(fault, 'detail') ?? child(fault, 'Detail');
  const msd = findFirst(detail, 'Ms-Diagnostics-Fault');
  if (msd !== undefined) {
    const d: { errorId?: number; reason?: string } = {};
    const id = textOf(child(msd, 'ErrorId'));
    if (id && /^\d{1,9}$/.test(id)) d.errorId = Number(id);
    const r = textOf(child(msd, 'Reason'));
    if (r) d.reason = r;
    out.msDiagnostics = d;
  }
  const error = findFirst(detail, 'error');
  if (error !== undefined) {
    const v = textOf(child(error, 'value'));
    if (v) out.errorValue = v;
    const ie = child(error, 'internalerror');
    if (ie !== undefined) {
      const e: { code?: string; text?: string } = {};
      const c = textOf(child(ie, 'code'));
      if (c) e.code = c;
      const t = textOf(child(ie, 'text'));
      if (t) e.text = t;
      out.internalError = e;
    }
  }

  const diagReason = out.msDiagnostics?.reason;
  const diag = diagReason === undefined ? undefined
    : `${out.msDiagnostics?.errorId !== undefined ? `${out.msDiagnostics.errorId}: ` : ''}${diagReason}`;
  const main = out.reason;
  const combined = main !== undefined && diag !== undefined && diagReason !== undefined
    ? (main.includes(diagReason) ? main : `${main} (${diag})`)
    : main ?? diag;
  const text = out.internalError?.text ?? combined ?? out.subcode ?? out.code;
  if (text === undefined) return undefined;
  return { ...out, text } as SoapFault;
}

/**
 * The most specific fault text: Passport `internalerror/text`; else faultstring / Reason/Text
 * followed by `(<ErrorId>: <Reason>)` of an `Ms-Diagnostics-Fault` detail; else that detail alone;
 * else the fault code. `undefined` when there is no fault.
 */
export function soapFaultText(body: string): string | undefined {
  return parseSoapFault(body)?.text;
}

/** What a fault text tells about the cause. */
export type FaultClass = 'sip-uri-mismatch' | 'mfa-required' | 'other';

/** The web ticket service refusing a SIP URI the credentials do not own (its X-Ms-diagnostics 28020/28032 reason). */
export const SIP_URI_MISMATCH_FAULT = /SIP URI mismatch|does not match the SIP URI associated with the presented credentials/i;
/** Azure AD / ADFS asking for a second factor (AADSTS50076/50079/50074, "strong authentication"). */
export const MFA_FAULT = /AADSTS50076|AADSTS50079|AADSTS50074|multi-?factor|\bMFA\b|strong authentication/i;

/** The class of a fault (or X-Ms-diagnostics reason) text; undefined when there is no text. */
export function faultClass(text: string | undefined): FaultClass | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (SIP_URI_MISMATCH_FAULT.test(text)) return 'sip-uri-mismatch';
  if (MFA_FAULT.test(text)) return 'mfa-required';
  return 'other';
}
