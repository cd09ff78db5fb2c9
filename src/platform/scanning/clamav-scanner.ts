import { connect } from 'node:net';

/** What a virus scan found: nothing, or the name of what it found. */
export type ScanVerdict = { infected: false } | { infected: true; signature: string };

/** Scans bytes for malware. */
export interface VirusScanner {
  scan(bytes: Buffer): Promise<ScanVerdict>;
}

/** The scanner in use; null when none is configured (CLAMAV_URL unset). */
export const VIRUS_SCANNER = Symbol('VIRUS_SCANNER');

const CHUNK = 64 * 1024;

/**
 * clamd's INSTREAM command over TCP (`zINSTREAM\0`, then chunks each led by its length as four
 * bytes big-endian, then a zero length); clamd answers `stream: OK` or `stream: <name> FOUND`,
 * ended by a NUL. Anything else (an ERROR, a closed connection, no answer in time) throws, so
 * the scan job is tried again.
 */
export class ClamAvScanner implements VirusScanner {
  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs: number,
  ) {}

  /** From tcp://host:3310. */
  static fromUrl(url: string, timeoutMs: number): ClamAvScanner {
    const { hostname, port } = new URL(url);
    return new ClamAvScanner(hostname.replace(/^\[|\]$/g, ''), Number(port || 3310), timeoutMs);
  }

  scan(bytes: Buffer): Promise<ScanVerdict> {
    return new Promise<ScanVerdict>((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      const received: Buffer[] = [];
      let settled = false;
      const finish = (error: Error | null, verdict?: ScanVerdict) => {
        if (settled) return;
        settled = true;
        socket.destroy();
        if (error) reject(error);
        else resolve(verdict!);
      };
      const answer = () => {
        const text = Buffer.concat(received)
          .toString('utf8')
          .replace(/\0[\s\S]*$/, '')
          .trim();
        if (/^stream: OK$/.test(text)) return finish(null, { infected: false });
        const found = /^stream: (.+) FOUND$/.exec(text);
        if (found) return finish(null, { infected: true, signature: found[1] });
        finish(new Error(`clamd answered ${JSON.stringify(text.slice(0, 200))}`));
      };
      socket.setTimeout(this.timeoutMs, () => finish(new Error(`clamd did not answer within ${this.timeoutMs} ms`)));
      socket.on('error', (error) => finish(error));
      socket.on('data', (chunk: Buffer) => {
        received.push(chunk);
        if (chunk.includes(0)) answer();
      });
      socket.on('end', answer);
      socket.on('connect', () => {
        socket.write('zINSTREAM\0');
        for (let offset = 0; offset < bytes.length; offset += CHUNK) {
          const part = bytes.subarray(offset, offset + CHUNK);
          const length = Buffer.alloc(4);
          length.writeUInt32BE(part.length);
          socket.write(length);
          socket.write(part);
        }
        socket.write(Buffer.alloc(4));
      });
    });
  }
}
