import type { AuthChallenge, MsDiagnostic, SipWarning } from '../../evidence/kinds.js';

/** A parsed SIP message (request or response). Header names are matched case-insensitively. */
export interface SipMessage {
  type: 'request' | 'response';
  /** request method, e.g. `REGISTER` */
  method?: string;
  /** request URI */
  uri?: string;
  /** response status */
  status?: number;
  reason?: string;
  version: string;
  /** headers in order, names as written; repeated headers appear once per line */
  headers: readonly { name: string; value: string }[];
  body: string;
}

/** Decoded views of the headers sipe-doctor reasons about. */
export interface SipHeaderViews {
  msDiagnostics: readonly MsDiagnostic[];
  warnings: readonly SipWarning[];
  challenges: readonly AuthChallenge[];
  contact?: string;
  cseq?: { seq: number; method: string };
  userAgent?: string;
  server?: string;
  expires?: number;
}
