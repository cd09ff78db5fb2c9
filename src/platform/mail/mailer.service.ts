import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';
import { MetricsRegistry } from '../metrics/metrics-registry';

export interface Attachment {
  filename: string;
  content: string;
  contentType: string;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  attachments?: readonly Attachment[];
}

/** The domain part of MAIL_FROM (`Vakvoucher <noreply@vakvoucher.nl>` → vakvoucher.nl). */
export function mailDomain(mailFrom: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom.trim());
  return match ? match[1].toLowerCase() : 'vakvoucher.local';
}

/**
 * The Message-ID of the mail for one (event, recipient): the same on every attempt, so a mail
 * client or server that sees it twice (a resend after a crash) can drop the copy.
 */
export function messageIdFor(eventKey: string, recipientId: string, domain: string): string {
  const digest = createHash('sha256').update(`${eventKey}\u0000${recipientId}`).digest('hex').slice(0, 40);
  return `<${digest}@${domain}>`;
}

/** Plain-text mail over SMTP_URL, from MAIL_FROM. One transport per process. */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private transport: Transporter | null = null;
  readonly domain: string;
  private readonly sent;
  private readonly failed;

  constructor(
    private readonly config: AppConfig,
    metrics: MetricsRegistry,
  ) {
    this.domain = mailDomain(config.MAIL_FROM);
    this.sent = metrics.counter({ name: 'vakvoucher_mails_sent_total', help: 'Mails the SMTP server accepted' });
    this.failed = metrics.counter({
      name: 'vakvoucher_mails_failed_total',
      help: 'Attempts to send a mail that the SMTP server refused or could not be reached for (each is retried)',
    });
  }

  private transporter(): Transporter {
    this.transport ??= createTransport(this.config.SMTP_URL, { from: this.config.MAIL_FROM });
    return this.transport;
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.deliver(mail);
    } catch (error) {
      this.failed.inc();
      throw error;
    }
    this.sent.inc();
  }

  private async deliver(mail: OutgoingMail): Promise<void> {
    await this.transporter().sendMail({
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
      attachments: mail.attachments?.map((a) => ({ ...a })),
      // RFC 3834: out-of-office robots must not answer this mail.
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
    this.transport = null;
  }
}
