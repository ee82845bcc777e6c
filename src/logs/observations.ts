/**
 * Where the log recognizers put what they observe: one ordered log per analysis, in log order,
 * with memory bounded whatever the log's length.
 *
 * An observation is either added complete (`add`) or, when later lines still complete it (the
 * REGISTER whose answer comes later, the certificate whose verification follows), its place is
 * reserved first (`reserve`) and the draft is made once, when the recognizer that holds the data
 * privately calls `complete` (or `cancel`). A draft is never changed after it is made, and the
 * order of the output is the order in which places were taken — the order of the log. Data that
 * is costly to decode (SIP header views, XML answers) may be given as a function: it runs only for
 * the observations that are kept.
 *
 * Bounds (EVIDENCE_BOUNDS): per file, the last `attempts` sign-in attempts are kept (older ones are
 * left out whole); per attempt (and for the lines before the first one) and per kind, the first
 * `head` and the last `tail` observations are kept — the last `lastTail` while the attempt is the
 * latest, so the exchanges that end a log are all there — and the ones in between are counted.
 */
import type { Draft, Kind, Source } from '../evidence/kinds.js';
import type { LogRecord } from './types.js';

/** A draft as the log analyzer makes it: with its log source and, inside a sign-in attempt, the attempt id. */
export type LogDraft = Draft & { source: Source; attempt?: string };

/** The record (or the part of it) an observation comes from. */
export type Where = Pick<LogRecord, 'time' | 'date' | 'lines'>;

type DataOf<K extends Kind> = Extract<Draft, { kind: K }>['data'];
/** the data, or a function that makes it (run once, only if the observation is kept) */
export type DataOrLater<K extends Kind> = DataOf<K> | (() => DataOf<K>);

/** A place in the log taken for an observation that is still being gathered. */
export interface Reservation<K extends Kind = Kind> {
  readonly kind: K;
}

/** An observation its family gathers privately from several lines: its place, its data so far, the lines it covers. */
export interface Gathering<K extends Kind> {
  place: Reservation<K>;
  data: DataOf<K>;
  lines: [number, number];
}

export interface EvidenceBounds {
  attempts: number;
  head: number;
  tail: number;
  lastTail: number;
}

export const EVIDENCE_BOUNDS: Readonly<EvidenceBounds> = { attempts: 25, head: 10, tail: 20, lastTail: 200 };

/** What was left out to keep memory bounded (parseStats.summarised). */
export interface Summarised {
  /** sign-in attempts left out whole (the oldest ones of a file) */
  attempts: number;
  /** observations left out from the middle of an attempt, by attempt and kind */
  observations: { attempt?: string; kind: Kind; kept: number; omitted: number }[];
}

const PENDING = 0;
const DONE = 1;
const CANCELLED = 2;

interface Entry {
  readonly kind: Kind;
  readonly at: string | undefined;
  readonly attempt: string | undefined;
  readonly file: string;
  readonly seq: number;
  lines: readonly [number, number];
  state: number;
  /** left out (bounds): completing it makes nothing */
  evicted: boolean;
  data: unknown;
  /** the window it was counted in */
  window: KindWindow | undefined;
}

/** The last `cap` entries of a kind, oldest first (a ring). */
class Tail {
  private items: (Entry | undefined)[] = [];
  private start = 0;
  size = 0;

  constructor(public cap: number) {}

  /** Add `e`; returns the entry that falls out, if any. */
  push(e: Entry): Entry | undefined {
    if (this.size < this.cap) {
      if (this.items.length < this.cap) this.items.push(undefined);
      this.items[(this.start + this.size) % this.items.length] = e;
      this.size += 1;
      return undefined;
    }
    const out = this.items[this.start];
    this.items[this.start] = e;
    this.start = (this.start + 1) % this.items.length;
    return out;
  }

  /** Shrink to `cap`, oldest out first. */
  shrink(cap: number, out: (e: Entry) => void): void {
    const all = this.list();
    for (const e of all.slice(0, Math.max(0, all.length - cap))) out(e);
    this.items = all.slice(Math.max(0, all.length - cap));
    this.start = 0;
    this.size = this.items.length;
    this.cap = cap;
  }

  list(): Entry[] {
    const out: Entry[] = [];
    for (let i = 0; i < this.size; i += 1) out.push(this.items[(this.start + i) % this.items.length] as Entry);
    return out;
  }
}

interface KindWindow {
  head: Entry[];
  tail: Tail;
  omitted: number;
}

interface Bucket {
  attempt: string | undefined;
  kinds: Map<Kind, KindWindow>;
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

const RECENT = 8;

export class ObservationLog {
  /** per input file, its attempt buckets in order (context first) */
  private readonly segments: Bucket[][] = [];
  private buckets: Bucket[] = [];
  private bucket: Bucket = { attempt: undefined, kinds: new Map() };
  private file = '';
  private seq = 0;
  /** places taken minus places given back: grows exactly when a record adds an observation */
  private netCount = 0;
  /** the last places taken in the current file, newest last (for `recent`) */
  private readonly latest: Entry[] = [];
  private attemptsOmitted = 0;

  constructor(private readonly bounds: Readonly<EvidenceBounds> = EVIDENCE_BOUNDS) {}

  /** Observations from now on come from this file and belong to no attempt until one starts. */
  beginFile(file: string): void {
    this.trimLast();
    this.file = file;
    this.bucket = { attempt: undefined, kinds: new Map() };
    this.buckets = [this.bucket];
    this.segments.push(this.buckets);
    this.latest.length = 0;
  }

  /** Where the log stands between two files (for `rollback`). */
  checkpoint(): { files: number; attemptsOmitted: number } {
    return { files: this.segments.length, attemptsOmitted: this.attemptsOmitted };
  }

  /** Forget every file begun since the checkpoint (it is read again). */
  rollback(cp: { files: number; attemptsOmitted: number }): void {
    this.segments.length = cp.files;
    this.attemptsOmitted = cp.attemptsOmitted;
  }

  /** Observations from now on belong to this sign-in attempt. */
  startAttempt(id: string): void {
    this.trimLast();
    this.bucket = { attempt: id, kinds: new Map() };
    this.buckets.push(this.bucket);
    const attempts = this.buckets.filter((b) => b.attempt !== undefined);
    if (attempts.length > this.bounds.attempts) {
      const old = attempts[0] as Bucket;
      this.buckets.splice(this.buckets.indexOf(old), 1);
      this.attemptsOmitted += 1;
      for (const w of old.kinds.values()) {
        for (const e of [...w.head, ...w.tail.list()]) {
          e.evicted = true;
          e.data = undefined;
          e.window = undefined;
        }
      }
    }
  }

  get attempt(): string | undefined {
    return this.bucket.attempt;
  }

  /** How many observations were added or reserved (minus cancelled) so far. */
  get count(): number {
    return this.netCount;
  }

  add<K extends Kind>(where: Where, kind: K, data: DataOrLater<K>): void {
    const e = this.entry(where, kind);
    e.state = DONE;
    e.data = data;
  }

  reserve<K extends Kind>(where: Where, kind: K): Reservation<K> {
    return this.entry(where, kind) as unknown as Reservation<K>;
  }

  /** Make the reserved observation, once; `lines` widens its source to every line that completed it. */
  complete<K extends Kind>(place: Reservation<K>, data: DataOrLater<K>, lines?: readonly [number, number]): void {
    const e = place as unknown as Entry;
    if (e.state !== PENDING) throw new Error(`observation ${e.kind} completed twice`);
    if (lines) e.lines = widen(e.lines, lines);
    e.state = DONE;
    if (!e.evicted) e.data = data;
  }

  /** Take a place and start gathering the observation's data. */
  gather<K extends Kind>(where: Where, kind: K, data: DataOf<K>): Gathering<K> {
    return { place: this.reserve(where, kind), data, lines: [where.lines[0], where.lines[1]] };
  }

  /** One more line tells something about a gathered observation: its data, to add to. */
  more<K extends Kind>(g: Gathering<K>, lines: readonly [number, number]): DataOf<K> {
    g.lines = widen(g.lines, lines);
    return g.data;
  }

  /** Make the gathered observation (its family lets go of it). */
  made<K extends Kind>(g: Gathering<K>): void {
    this.complete(g.place, g.data as unknown as DataOrLater<K>, g.lines);
  }

  /** Give the place back: the observation turned out not to be one. */
  cancel(place: Reservation): void {
    const e = place as unknown as Entry;
    if (e.state !== PENDING) throw new Error(`observation ${e.kind} cancelled after it was made`);
    e.state = CANCELLED;
    this.netCount -= 1;
    const i = this.latest.indexOf(e);
    if (i >= 0) this.latest.splice(i, 1);
    // a left-out place that was no observation is not one left out either
    if (e.evicted && e.window) e.window.omitted -= 1;
  }

  /** The last `n` places of the current file (not cancelled), newest first. */
  recent(n: number): Reservation[] {
    return this.latest.slice(-n).reverse() as unknown as Reservation[];
  }

  /** Every observation kept, in log order (places never completed are left out). */
  drafts(): LogDraft[] {
    const kept: Entry[] = [];
    for (const seg of this.segments) {
      for (const b of seg) {
        for (const w of b.kinds.values()) {
          for (const e of w.head) if (e.state === DONE && !e.evicted) kept.push(e);
          for (const e of w.tail.list()) if (e.state === DONE && !e.evicted) kept.push(e);
        }
      }
    }
    kept.sort((a, b) => a.seq - b.seq);
    return kept.map((e) => makeDraft(e));
  }

  /** What the bounds left out (undefined when nothing was). */
  summarised(): Summarised | undefined {
    const observations: Summarised['observations'] = [];
    for (const seg of this.segments) {
      for (const b of seg) {
        for (const [kind, w] of b.kinds) {
          if (w.omitted <= 0) continue;
          const kept = [...w.head, ...w.tail.list()].filter((e) => e.state === DONE && !e.evicted).length;
          observations.push({ ...(b.attempt !== undefined ? { attempt: b.attempt } : {}), kind, kept, omitted: w.omitted });
        }
      }
    }
    if (this.attemptsOmitted === 0 && observations.length === 0) return undefined;
    return { attempts: this.attemptsOmitted, observations };
  }

  /** The attempt (or file) that is no longer the latest keeps the shorter tail. */
  private trimLast(): void {
    for (const w of this.bucket.kinds.values()) {
      if (w.tail.cap > this.bounds.tail) w.tail.shrink(this.bounds.tail, (e) => this.evict(w, e));
    }
  }

  private evict(w: KindWindow, e: Entry): void {
    e.evicted = true;
    e.data = undefined;
    if (e.state !== CANCELLED) w.omitted += 1;
  }

  private entry(where: Where, kind: Kind): Entry {
    const e: Entry = {
      kind, at: atOf(where), attempt: this.bucket.attempt, file: this.file, seq: (this.seq += 1),
      lines: [where.lines[0], where.lines[1]], state: PENDING, evicted: false, data: undefined, window: undefined,
    };
    let w = this.bucket.kinds.get(kind);
    if (!w) {
      w = { head: [], tail: new Tail(this.bounds.lastTail), omitted: 0 };
      this.bucket.kinds.set(kind, w);
    }
    e.window = w;
    if (w.head.length < this.bounds.head) w.head.push(e);
    else {
      const out = w.tail.push(e);
      if (out) this.evict(w, out);
    }
    this.netCount += 1;
    this.latest.push(e);
    if (this.latest.length > RECENT) this.latest.shift();
    return e;
  }
}

function makeDraft(e: Entry): LogDraft {
  const data = typeof e.data === 'function' ? (e.data as () => unknown)() : e.data;
  return {
    kind: e.kind,
    ...(e.at ? { at: e.at } : {}),
    ...(e.attempt ? { attempt: e.attempt } : {}),
    source: { type: 'log', file: e.file, lines: [e.lines[0], e.lines[1]] },
    data,
  } as unknown as LogDraft;
}
