/** A client of orc-shim's shim.sock: frames of 1 byte stream id, a 4-byte
 *  big-endian length, then the data (native/src/shim.h). */
import { createConnection, type Socket } from 'node:net';

/** Frame stream ids (native/src/shim.h). */
export const STDIN = 0, STDOUT = 1, STDERR = 2, EXIT = 3, STATE = 4, CLOSE_STDIN = 5, RESIZE = 6;

/** Connects to shim.sock and collects the frames it receives. */
export class FrameClient {
  readonly frames: { stream: number; data: Buffer }[] = [];
  private pending = Buffer.alloc(0);
  closed = false;
  private constructor(readonly sock: Socket) {
    sock.on('data', (chunk: Buffer) => {
      this.pending = Buffer.concat([this.pending, chunk]);
      while (this.pending.length >= 5) {
        const len = this.pending.readUInt32BE(1);
        if (this.pending.length < 5 + len) break;
        this.frames.push({ stream: this.pending[0]!, data: this.pending.subarray(5, 5 + len) });
        this.pending = this.pending.subarray(5 + len);
      }
    });
    sock.on('close', () => (this.closed = true));
    sock.on('error', () => (this.closed = true));
  }

  static connect(path: string): Promise<FrameClient> {
    return new Promise((resolve, reject) => {
      const sock = createConnection(path, () => resolve(new FrameClient(sock)));
      sock.once('error', reject);
    });
  }

  send(stream: number, data: string | Buffer = ''): void {
    const body = Buffer.from(data);
    const header = Buffer.alloc(5);
    header[0] = stream;
    header.writeUInt32BE(body.length, 1);
    this.sock.write(Buffer.concat([header, body]));
  }

  /** A resize frame: rows then columns, each a big-endian u16. */
  resize(rows: number, cols: number): void {
    const body = Buffer.alloc(4);
    body.writeUInt16BE(rows, 0);
    body.writeUInt16BE(cols, 2);
    this.send(RESIZE, body);
  }

  /** Everything received on `stream`, concatenated. */
  text(stream: number): string {
    return Buffer.concat(this.frames.filter((f) => f.stream === stream).map((f) => f.data)).toString();
  }

  has(stream: number): boolean {
    return this.frames.some((f) => f.stream === stream);
  }

  close(): void {
    this.sock.destroy();
  }
}
