import { AddressInfo, createServer, Server, Socket } from 'node:net';

/** The EICAR anti-virus test string: every scanner reports it as a virus, and it harms nothing. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/** What the server does with the next scan: answer it, never answer (a scan in progress), or answer an error. */
export type ClamdBehaviour = 'answer' | 'hold' | 'error';

/**
 * A small clamd for tests: speaks INSTREAM over TCP as clamd does (`zINSTREAM\0` or
 * `nINSTREAM\n`, chunks each led by a four-byte big-endian length, a zero length to end) and
 * answers `stream: Eicar-Signature FOUND` when the stream holds the EICAR test string,
 * `stream: OK` otherwise. PING is answered with PONG. Scans can be held (no answer) or failed.
 */
export class ClamdServer {
  /** Every stream scanned to its end, in order. */
  readonly scanned: Buffer[] = [];
  /** Connections holding a scan that will not be answered. */
  readonly held: Socket[] = [];
  private readonly plan: ClamdBehaviour[] = [];
  private readonly sockets = new Set<Socket>();
  private waiters: ((socket: Socket) => void)[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<ClamdServer> {
    const server = createServer();
    const clamd = new ClamdServer(server);
    server.on('connection', (socket) => clamd.serve(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return clamd;
  }

  get url(): string {
    return `tcp://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** What the next scans do, in order; after these, scans are answered. */
  next(...behaviours: ClamdBehaviour[]): void {
    this.plan.push(...behaviours);
  }

  /** The connection of the next scan held from now on (its stream read, its answer withheld). */
  nextHeld(): Promise<Socket> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    let command: string | null = null;
    const chunks: Buffer[] = [];
    socket.on('data', (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      if (command === null) {
        const end = buffer.findIndex((b) => b === 0 || b === 10);
        if (end < 0) return;
        command = buffer.subarray(0, end).toString('latin1');
        buffer = buffer.subarray(end + 1);
        if (command === 'zPING' || command === 'nPING' || command === 'PING') {
          socket.end('PONG\0');
          return;
        }
        if (command !== 'zINSTREAM' && command !== 'nINSTREAM') {
          socket.end('UNKNOWN COMMAND\0');
          return;
        }
      }
      while (buffer.length >= 4) {
        const length = buffer.readUInt32BE(0);
        if (length === 0) {
          buffer = buffer.subarray(4);
          this.finish(socket, Buffer.concat(chunks));
          return;
        }
        if (buffer.length < 4 + length) return;
        chunks.push(buffer.subarray(4, 4 + length));
        buffer = buffer.subarray(4 + length);
      }
    });
  }

  private finish(socket: Socket, stream: Buffer): void {
    const behaviour = this.plan.shift() ?? 'answer';
    if (behaviour === 'hold') {
      this.held.push(socket);
      for (const resolve of this.waiters.splice(0)) resolve(socket);
      return;
    }
    if (behaviour === 'error') {
      socket.end('INSTREAM size limit exceeded. ERROR\0');
      return;
    }
    this.scanned.push(stream);
    socket.end(stream.includes(Buffer.from(EICAR, 'latin1')) ? 'stream: Eicar-Signature FOUND\0' : 'stream: OK\0');
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
