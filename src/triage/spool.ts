import { StringDecoder } from 'node:string_decoder';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Kept in memory up to this size, then spilled to a temporary file. */
const MEMORY_LIMIT = 1024 * 1024;
const CHUNK = 64 * 1024;

/**
 * Per-file lines that must be printed after the summary (which is known only at the end): small
 * batches stay in memory, large ones go to a private temporary file, so memory stays bounded.
 */
export class LineSpool {
  private parts: string[] = [];
  private size = 0;
  private dir: string | undefined;
  private handle: FileHandle | undefined;

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= (this.handle ? CHUNK : MEMORY_LIMIT)) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.handle) {
      this.dir = await mkdtemp(join(tmpdir(), 'sipe-doctor-triage-'));
      this.handle = await open(join(this.dir, 'lines'), 'w+', 0o600);
    }
    const data = this.parts.join('');
    this.parts = [];
    this.size = 0;
    await this.handle.write(data);
  }

  /** Everything written, in order, in chunks. */
  async *drain(): AsyncGenerator<string> {
    if (this.handle) {
      await this.flush();
      const buf = Buffer.alloc(CHUNK);
      const decoder = new StringDecoder('utf8'); // never splits a UTF-8 sequence across chunks
      let pos = 0;
      for (;;) {
        const { bytesRead } = await this.handle.read(buf, 0, CHUNK, pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        yield decoder.write(buf.subarray(0, bytesRead));
      }
      const rest = decoder.end();
      if (rest) yield rest;
    } else if (this.parts.length > 0) {
      yield this.parts.join('');
    }
  }

  async close(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    if (this.dir) await rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
    this.dir = undefined;
    this.parts = [];
  }
}
