import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerSession } from 'smtp-server';

/** One mail as the SMTP server received it, decoded for assertions. */
export interface CaughtMail {
  /** Envelope sender and recipients, as given in MAIL FROM / RCPT TO. */
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  messageId: string;
  /** Header names lower-cased, values unfolded and decoded. */
  headers: Record<string, string>;
  text: string;
  /** The HTML part, when the mail has one. */
  html?: string;
  raw: string;
}

/** RFC 2047 encoded words: =?UTF-8?B?…?= and =?UTF-8?Q?…?=. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** A received mail with its envelope, decoded for assertions. */
export function caughtMail(raw: string, session: SMTPServerSession): CaughtMail {
  const { headers, text, html } = parseMail(raw);
  return {
    envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    envelopeTo: session.envelope.rcptTo.map((r) => r.address),
    from: headers.from ?? '',
    to: headers.to ?? '',
    subject: headers.subject ?? '',
    messageId: headers['message-id'] ?? '',
    headers,
    text,
    html,
    raw,
  };
}

/**
 * Parses what the notifications module sends: a text mail, or multipart/alternative with a text
 * and an HTML part (then `text` is the text part and `html` the HTML part). Attachments
 * (multipart/mixed) keep their part headers in `text`, as before.
 */
export function parseMail(raw: string): Pick<CaughtMail, 'headers' | 'text' | 'html'> {
  const whole = parsePart(raw);
  const boundary = /multipart\/(?:alternative|mixed);\s*boundary="?([^";]+)"?/i.exec(
    whole.headers['content-type'] ?? '',
  );
  if (!boundary) return whole;
  const parts = raw
    .split(`--${boundary[1]}`)
    .slice(1, -1)
    .map((p) => parsePart(p.replace(/^\r\n/, '')));
  // multipart/mixed (attachments) holds an alternative of its own: look one level down.
  const flat = parts.flatMap((p) => {
    const inner = /multipart\/alternative;\s*boundary="?([^";]+)"?/i.exec(p.headers['content-type'] ?? '');
    return inner ? [p, ...parseMailParts(p.raw, inner[1])] : [p];
  });
  const text = flat.find((p) => /^text\/plain/i.test(p.headers['content-type'] ?? ''));
  const html = flat.find((p) => /^text\/html/i.test(p.headers['content-type'] ?? ''));
  const isMixed = /multipart\/mixed/i.test(whole.headers['content-type'] ?? '');
  return {
    headers: whole.headers,
    text: isMixed ? whole.text : (text?.text ?? whole.text),
    html: html?.text,
  };
}

function parseMailParts(raw: string, boundary: string) {
  return raw
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((p) => parsePart(p.replace(/^\r\n/, '')));
}

function parsePart(raw: string): Pick<CaughtMail, 'headers' | 'text'> & { raw: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const body = split >= 0 ? raw.slice(split + 4) : '';
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : Buffer.from(body, 'latin1').toString('utf8');
  text = text.replace(/\r\n/g, '\n');
  return { headers, text, raw: body };
}

/**
 * A real SMTP server on 127.0.0.1 (a free port) that keeps every mail it accepts, so tests
 * see what nodemailer put on the wire. `refuseNext(n)` makes it answer the next n mails
 * with a temporary failure (451), as a mail server that is away would.
 */
export class SmtpCatcher {
  readonly mails: CaughtMail[] = [];
  private refusals = 0;

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<SmtpCatcher> {
    let catcher: SmtpCatcher | null = null;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (catcher!.refusals > 0) {
            catcher!.refusals--;
            const error = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 });
            return callback(error);
          }
          catcher!.mails.push(caughtMail(Buffer.concat(chunks).toString('latin1'), session));
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
    catcher = new SmtpCatcher(server, address.port);
    return catcher;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Mails whose envelope names `address` as a recipient. */
  to(address: string): CaughtMail[] {
    return this.mails.filter((m) => m.envelopeTo.includes(address.toLowerCase()) || m.envelopeTo.includes(address));
  }

  refuseNext(count = 1): void {
    this.refusals = count;
  }

  clear(): void {
    this.mails.length = 0;
    this.refusals = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
