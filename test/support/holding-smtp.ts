import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { CaughtMail, caughtMail } from './smtp-catcher';

interface Hold {
  address: string;
  held: (mail: CaughtMail) => void;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps every mail it accepts (like SmtpCatcher) and can
 * hold one: `holdNextTo(address)` makes it take in the whole DATA of the next mail to that
 * address and then not answer, so the sender is stuck mid-send, between handing the mail over
 * and hearing that it was accepted. A held mail is not accepted (not in `mails`) unless and
 * until `release(mail)` answers it.
 */
export class HoldingSmtp {
  readonly mails: CaughtMail[] = [];
  /** Mails that were held (answered later by release, or never). */
  readonly held: CaughtMail[] = [];
  private holds: Hold[] = [];
  private readonly releases = new Map<CaughtMail, () => void>();

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<HoldingSmtp> {
    let smtp: HoldingSmtp | null = null;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      closeTimeout: 1000,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const mail = caughtMail(Buffer.concat(chunks).toString('latin1'), session);
          const hold = smtp!.holds.find((h) => mail.envelopeTo.includes(h.address));
          if (hold) {
            smtp!.holds = smtp!.holds.filter((h) => h !== hold);
            smtp!.held.push(mail);
            // No reply until release(mail), if ever: the sender waits for the 250.
            smtp!.releases.set(mail, () => {
              smtp!.mails.push(mail);
              callback();
            });
            hold.held(mail);
            return;
          }
          smtp!.mails.push(mail);
          callback();
        });
      },
    });
    server.on('error', () => undefined); // a sender killed mid-conversation resets its socket
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
    smtp = new HoldingSmtp(server, address.port);
    return smtp;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Holds the next mail to `address`; resolves once its DATA is in and the sender waits. */
  holdNextTo(address: string): Promise<CaughtMail> {
    return new Promise((held) => this.holds.push({ address: address.toLowerCase(), held }));
  }

  /** Accepts a held mail after all: the 250 goes out, and the mail counts as received. */
  release(mail: CaughtMail): void {
    const accept = this.releases.get(mail);
    if (!accept) throw new Error('release: that mail is not held');
    this.releases.delete(mail);
    accept();
  }

  /** Accepted mails whose envelope names `address`. */
  to(address: string): CaughtMail[] {
    return this.mails.filter((m) => m.envelopeTo.includes(address.toLowerCase()));
  }

  /** Accepted mails counted by recipient and subject: `address\tsubject` → count. */
  counts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const mail of this.mails) {
      for (const to of mail.envelopeTo) {
        const key = `${to}\t${mail.subject}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    return counts;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
