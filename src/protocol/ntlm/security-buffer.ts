/** Security buffers (§2.2.1): a (length, max length, offset) triple in the header pointing into the payload. */

/**
 * The bytes the buffer at `at` points to: empty when the header is too short to hold it or its length is 0,
 * undefined when it points outside the message.
 */
export function readSecurityBuffer(msg: Buffer, at: number): Buffer | undefined {
  if (at + 8 > msg.length) return Buffer.alloc(0);
  const len = msg.readUInt16LE(at);
  const off = msg.readUInt32LE(at + 4);
  if (len === 0) return Buffer.alloc(0);
  return off + len <= msg.length ? msg.subarray(off, off + len) : undefined;
}

/** Header + payload with one security buffer per payload part, written at `firstAt`, `firstAt + 8`, …. */
export function withSecurityBuffers(head: Buffer, firstAt: number, payload: readonly Buffer[]): Buffer {
  let off = head.length;
  payload.forEach((p, i) => {
    const at = firstAt + i * 8;
    head.writeUInt16LE(p.length, at);
    head.writeUInt16LE(p.length, at + 2);
    head.writeUInt32LE(off, at + 4);
    off += p.length;
  });
  return Buffer.concat([head, ...payload]);
}
