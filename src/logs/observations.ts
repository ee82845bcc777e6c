/**
 * Where the log recognizers put what they observe: one ordered log per analysis, in log order.
 *
 * An observation is either added complete (`add`) or, when later lines still complete it (the
 * REGISTER whose answer comes later, the certificate whose verification follows), its place is
 * reserved first (`reserve`) and the draft is made once, when the recognizer that holds the data
 * privately calls `complete` (or `cancel`). A draft is never changed after it is made, and the
 * order of the output is the order in which places were taken — the order of the log.
 */
import type { Draft, Kind, Source } from '../evidence/kinds.js';
import type { LogRecord } from './types.js';

/** A draft as the log analyzer makes it: with its log source and, inside a sign-in attempt, the attempt id. */
export type LogDraft = Draft & { source: Source; attempt?: string };

/** The record (or the part of it) an observation comes from. */
export type Where = Pick<LogRecord, 'time' | 'date' | 'lines'>;

type DataOf<K extends Kind> = Extract<Draft, { kind: K }>['data'];

/** A place in the log taken for an observation that is still being gathered. */
export interface Reservation<K extends Kind = Kind> {
  readonly kind: K;
}

interface Entry {
  readonly kind: Kind;
  readonly at: string | undefined;
  readonly attempt: string | undefined;
  readonly file: string;
  lines: readonly [number, number];
  draft?: LogDraft;
  cancelled?: boolean;
}

/** ISO-ish time of a record: `2024-01-05T10:11:12` or time-of-day only `T10:11:12`. */
export function atOf(r: Pick<LogRecord, 'time' | 'date'>): string | undefined {
  if (!r.time) return undefined;
  return r.date ? `${r.date}T${r.time}` : `T${r.time}`;
}

/** The smallest line range that covers both. */
export function widen(a: readonly [number, number], b: readonly [number, number]): [number, number] {
  return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
}

function makeDraft(e: Entry, data: unknown): LogDraft {
  return {
    kind: e.kind,
    ...(e.at ? { at: e.at } : {}),
    ...(e.attempt ? { attempt: e.attempt } : {}),
    source: { type: 'log', file: e.file, lines: [e.lines[0], e.lines[1]] },
    data,
  } as unknown as LogDraft;
}

export class ObservationLog {
  /** one segment per input file (older attempts are pruned per file) */
  private readonly segments: Entry[][] = [];
  private segment: Entry[] = [];
  private file = '';
  private attemptId: string | undefined;
  /** places taken minus places given back: grows exactly when a record adds an observation */
  private netCount = 0;

  /** Observations from now on come from this file and belong to no attempt until one starts. */
  beginFile(file: string): void {
    this.file = file;
    this.attemptId = undefined;
    this.segment = [];
    this.segments.push(this.segment);
  }

  /** Observations from now on belong to this sign-in attempt. */
  startAttempt(id: string): void {
    this.attemptId = id;
  }

  get attempt(): string | undefined {
    return this.attemptId;
  }

  /** How many observations were added or reserved (minus cancelled) so far. */
  get count(): number {
    return this.netCount;
  }

  add<K extends Kind>(where: Where, kind: K, data: DataOf<K>): void {
    const e = this.entry(where, kind);
    e.draft = makeDraft(e, data);
  }

  reserve<K extends Kind>(where: Where, kind: K): Reservation<K> {
    return this.entry(where, kind) as unknown as Reservation<K>;
  }

  /** Make the reserved observation, once; `lines` widens its source to every line that completed it. */
  complete<K extends Kind>(place: Reservation<K>, data: DataOf<K>, lines?: readonly [number, number]): void {
    const e = place as unknown as Entry;
    if (e.draft || e.cancelled) throw new Error(`observation ${e.kind} completed twice`);
    if (lines) e.lines = widen(e.lines, lines);
    e.draft = makeDraft(e, data);
  }

  /** Give the place back: the observation turned out not to be one. */
  cancel(place: Reservation): void {
    const e = place as unknown as Entry;
    if (e.draft || e.cancelled) throw new Error(`observation ${e.kind} cancelled after it was made`);
    e.cancelled = true;
    this.netCount -= 1;
  }

  /** The last `n` places of the current file (not cancelled), newest first. */
  recent(n: number): Reservation[] {
    const out: Reservation[] = [];
    for (let i = this.segment.length - 1; i >= 0 && out.length < n; i -= 1) {
      const e = this.segment[i] as Entry;
      if (!e.cancelled) out.push(e as unknown as Reservation);
    }
    return out;
  }

  /**
   * Keep the current file's last `attempts` attempts and its first `context` observations outside
   * any attempt (an auto-reconnect loop over days must not grow memory).
   */
  prune(current: number, attempts: number, context: number): void {
    if (current <= attempts && this.liveInSegment() <= context * 4) return;
    const oldest = current - attempts;
    let kept = 0;
    const next = this.segment.filter((e) => {
      if (e.cancelled) return false;
      if (e.attempt === undefined) return (kept += 1) <= context;
      return Number(e.attempt.slice(1)) > oldest;
    });
    this.segment.length = 0;
    this.segment.push(...next);
  }

  /** Every observation made, in log order (places never completed are left out). */
  drafts(): LogDraft[] {
    const out: LogDraft[] = [];
    for (const seg of this.segments) for (const e of seg) if (e.draft) out.push(e.draft);
    return out;
  }

  private liveInSegment(): number {
    let n = 0;
    for (const e of this.segment) if (!e.cancelled) n += 1;
    return n;
  }

  private entry(where: Where, kind: Kind): Entry {
    const e: Entry = { kind, at: atOf(where), attempt: this.attemptId, file: this.file, lines: [where.lines[0], where.lines[1]] };
    this.segment.push(e);
    this.netCount += 1;
    return e;
  }
}
