/**
 * The reading half of the analysis as batches: bytes → (scanner, redactor) → the redacted lines that
 * are read and the runs of records skipped, packed so that another thread can take them cheaply
 * (one string of LF-joined lines and one number array). Used in the worker (scan-worker.ts) and by
 * tests; `unpackBatch` replays a batch into the same sink the single-thread path feeds.
 */
import { LineInterest } from './interest.js';
import { lightInterest } from './light.js';
import { createRedactor } from '../redact/index.js';
import { ByteScanner, type SkipSummary } from './scan.js';

export interface Batch {
  /** the lines read, redacted, joined with LF (a line never holds LF or CR) */
  text: string;
  /**
   * events: [0, no, truncated] for a line, [1, lines, records, sipeLines, sipeRecords, messages, styles, lastTime] for a skipped
   * run, [2, on, nextLine] where light reading begins or ends
   */
  meta: Float64Array;
  /** secret values redacted so far (on the last batch: in all) */
  redactions: number;
}

/** What the analysis does with a line read (already redacted) and with a run of skipped records. */
export interface RedactedSink {
  line(no: number, redacted: string, truncated: boolean): void;
  skipped(summary: Readonly<SkipSummary>): void;
  /** light reading begins (`on`) or ends with the line numbered `nextLine` (light.ts) */
  light?(on: boolean, nextLine: number): void;
}

export class ScanBatcher {
  private texts: string[] = [];
  private meta: number[] = [];
  private readonly redactor = createRedactor();
  private readonly scanner: ByteScanner;

  constructor(private readonly interest = new LineInterest()) {
    this.scanner = new ByteScanner(interest, {
      line: (no, text, truncated) => {
        this.texts.push(this.redactor.text(text));
        this.meta.push(0, no, truncated ? 1 : 0);
      },
      skipped: (s) => {
        this.meta.push(1, s.lines, s.records, s.sipeLines, s.sipeRecords, s.messages, s.styles, s.lastTime);
      },
    });
  }

  push(chunk: Uint8Array): void {
    this.scanner.push(chunk);
  }

  /** Read lightly from the next line on, or in full again (light.ts). */
  setLight(on: boolean): void {
    this.meta.push(2, on ? 1 : 0, this.scanner.lines + 1);
    this.scanner.switchTo(on ? lightInterest() : this.interest, on);
  }

  end(): void {
    this.scanner.end();
  }

  /** What was produced since the last take. */
  take(): Batch {
    const batch: Batch = { text: this.texts.join('\n'), meta: Float64Array.from(this.meta), redactions: this.redactor.total };
    this.texts = [];
    this.meta = [];
    return batch;
  }
}

/** Replay a batch into the sink, in order. */
export function unpackBatch(batch: Batch, sink: RedactedSink): void {
  const m = batch.meta;
  const text = batch.text;
  let at = 0;
  const summary: SkipSummary = { lines: 0, records: 0, sipeLines: 0, sipeRecords: 0, messages: 0, styles: 0, lastTime: -1 };
  for (let i = 0; i < m.length;) {
    if (m[i] === 0) {
      const nl = text.indexOf('\n', at);
      const end = nl < 0 ? text.length : nl;
      sink.line(m[i + 1] as number, text.slice(at, end), m[i + 2] === 1);
      at = end + 1;
      i += 3;
    } else if (m[i] === 2) {
      sink.light?.(m[i + 1] === 1, m[i + 2] as number);
      i += 3;
    } else {
      summary.lines = m[i + 1] as number;
      summary.records = m[i + 2] as number;
      summary.sipeLines = m[i + 3] as number;
      summary.sipeRecords = m[i + 4] as number;
      summary.messages = m[i + 5] as number;
      summary.styles = m[i + 6] as number;
      summary.lastTime = m[i + 7] as number;
      sink.skipped(summary);
      i += 8;
    }
  }
}
