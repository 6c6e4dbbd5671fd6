/**
 * Message framing over stdio, made to survive a client that gets it wrong.
 * LSP frames each JSON message with a `Content-Length` header; one wrong
 * length (too small: the message is cut; too large: the next message is
 * swallowed) used to misalign the reader for good, so the server stayed up
 * but never answered again. This transform sits between stdin and the
 * library's reader and re-frames the stream: a message whose length does not
 * end where the next header starts is cut at that header instead, and bytes
 * that are no message are dropped. Each repair is reported (stderr), so it is
 * never silent.
 *
 * Why this is safe: JSON text never contains a raw CR or LF inside a string
 * (they are escaped), so `Content-Length: N\r\n` at a place the declared
 * length does not reach can only be the next header.
 */
import { Transform, TransformCallback } from 'node:stream';

/** A header line: `Content-Length: N` or `Content-Type: a/b; charset=x`, nothing else on the line. */
const HEADER_LINE = String.raw`Content-(?:Length[ \t]*:[ \t]*\d+|Type[ \t]*:[ \t]*[\w.+/-]+(?:[ \t]*;[ \t]*[\w-]+=[\w.-]+)*)[ \t]*\r\n`;
const HEADER = new RegExp(HEADER_LINE, 'iy');
const HEADER_ANYWHERE = new RegExp(HEADER_LINE, 'gi');
const LENGTH = /(?:^|\r\n)Content-Length[ \t]*:[ \t]*(\d+)[ \t]*(?:\r\n|$)/i;
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
/** Bytes kept from the previous chunk when looking for a header split across chunks. */
const OVERLAP = 64;
/** A header block longer than this is not one: the bytes are dropped. */
const MAX_HEADER = 8 * 1024;

function headerAt(buf: Buffer, at: number): boolean {
  HEADER.lastIndex = 0;
  const text = buf.toString('latin1', at, Math.min(buf.length, at + MAX_HEADER));
  return HEADER.test(text);
}

/** The offset of the first header start at or after `from`, or -1. */
function findHeader(buf: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const i = buf.indexOf('Content-', at, 'latin1');
    const j = buf.indexOf('content-', at, 'latin1');
    const k = i < 0 ? j : j < 0 ? i : Math.min(i, j);
    if (k < 0) return -1;
    if (headerAt(buf, k)) return k;
    at = k + 1;
  }
}

function parsesAsJson(body: Buffer): boolean {
  const text = body.toString('utf8').trim();
  if (!/^[[{]/.test(text) || !/[\]}]$/.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export class FramingRepair extends Transform {
  private chunks: Buffer[] = [];
  private length = 0;
  /** Total bytes the message being read needs, when its header has been read but not its body. */
  private need: number | undefined;
  private tail: Buffer = Buffer.alloc(0);
  private timer: NodeJS.Timeout | undefined;

  /** `report` hears of every repair; `quietMs` is how long to wait before a too-long length is believed to be wrong. */
  constructor(
    private readonly report: (message: string) => void,
    private readonly quietMs = 500,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    if (this.need !== undefined && this.length < this.need) {
      // Waiting for a body: only a header among the new bytes says the length was too large.
      const window = Buffer.concat([this.tail, chunk]);
      this.tail = window.subarray(Math.max(0, window.length - OVERLAP));
      HEADER_ANYWHERE.lastIndex = 0;
      if (!HEADER_ANYWHERE.test(window.toString('latin1'))) {
        this.armTimer();
        done();
        return;
      }
    }
    this.drain(false);
    done();
  }

  override _flush(done: TransformCallback): void {
    this.clearTimer();
    this.drain(true);
    done();
  }

  override _destroy(error: Error | null, done: (error: Error | null) => void): void {
    this.clearTimer();
    done(error);
  }

  private buffer(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.length)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private keep(rest: Buffer): void {
    this.chunks = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
  }

  /** Passes a message on: as it came, or with a header that gives its real length. */
  private pass(body: Buffer, original?: Buffer): void {
    this.push(original ?? Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'latin1'), body]));
  }

  /** Frames every complete message in the buffer; `final`: no more bytes will come. */
  private drain(final: boolean): void {
    this.clearTimer();
    this.need = undefined;
    let buf = this.buffer();
    while (buf.length > 0) {
      const start = findHeader(buf, 0);
      if (start < 0) {
        // No header yet: a header's first bytes may still be arriving; anything longer is junk.
        if (final || buf.length > MAX_HEADER) {
          this.report(`dropped ${buf.length} bytes that were not a message`);
          buf = Buffer.alloc(0);
        }
        break;
      }
      if (start > 0) {
        this.report(`dropped ${start} bytes that were not a message`);
        buf = buf.subarray(start);
      }
      const headerEnd = buf.indexOf(HEADER_END);
      if (headerEnd < 0) {
        if (final || buf.length > MAX_HEADER) {
          this.report(`dropped a header of ${buf.length} bytes without an end`);
          buf = Buffer.alloc(0);
        }
        break;
      }
      const bodyStart = headerEnd + HEADER_END.length;
      const declared = LENGTH.exec(buf.toString('latin1', 0, headerEnd));
      if (!declared) {
        this.report('dropped a header without a Content-Length');
        buf = buf.subarray(bodyStart);
        continue;
      }
      const end = bodyStart + Number(declared[1]);
      if (buf.length >= end && (buf.length === end || headerAt(buf, end))) {
        // The length is right (or nothing follows yet): the message goes on as it came.
        this.pass(buf.subarray(bodyStart, end), buf.subarray(0, end));
        buf = buf.subarray(end);
        continue;
      }
      const next = findHeader(buf, bodyStart);
      if (next >= 0) {
        // The next header starts before (too large) or after (too small) the declared end: the message ends there.
        const body = buf.subarray(bodyStart, next);
        this.report(`a message said Content-Length ${declared[1]} but was ${body.length} bytes long; it was read as ${body.length}`);
        this.pass(body);
        buf = buf.subarray(next);
        continue;
      }
      // No next header yet. Too short a length: the rest of this message is still arriving (or is all
      // here and nothing follows). Too long: the client may be waiting for an answer and send nothing.
      if (final) {
        const body = buf.subarray(bodyStart);
        if (parsesAsJson(body)) {
          this.report(`a message said Content-Length ${declared[1]} but was ${body.length} bytes long; it was read as ${body.length}`);
          this.pass(body);
        } else this.report(`dropped an incomplete message of ${body.length} bytes`);
        buf = Buffer.alloc(0);
        break;
      }
      this.need = Math.max(end, buf.length + 1);
      this.tail = buf.subarray(Math.max(0, buf.length - OVERLAP));
      this.armTimer();
      break;
    }
    this.keep(buf);
  }

  /** After a quiet time with a message still incomplete, a body that is complete JSON is taken as it is. */
  private armTimer(): void {
    if (this.quietMs <= 0) return;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const buf = this.buffer();
      const headerEnd = buf.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const bodyStart = headerEnd + HEADER_END.length;
      const body = buf.subarray(bodyStart);
      if (!parsesAsJson(body)) return;
      const declared = LENGTH.exec(buf.toString('latin1', 0, headerEnd))?.[1] ?? '?';
      this.report(`a message said Content-Length ${declared} but was ${body.length} bytes long; it was read as ${body.length}`);
      this.pass(body);
      this.keep(Buffer.alloc(0));
      this.need = undefined;
    }, this.quietMs);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
