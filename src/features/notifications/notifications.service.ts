import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig, publicUrl } from '../../platform/config/app-config';
import { decodeCursor, encodeCursor } from '../../platform/http/page-query';
import { DataSource } from 'typeorm';
import { Attachment, Mailer, messageIdFor } from '../../platform/mail/mailer.service';
import { mailHtml } from './mail-html';
import { TemplateName, Templates, TemplateVars } from './templates.service';
import { Locale, localeOf } from './wording';

const LINK_LABEL: Record<Locale, string> = { nl: 'Bekijk uw aanvraag', en: 'See your application' };

export const CHANNELS = ['email', 'in-app'] as const;

export type Channel = (typeof CHANNELS)[number];

export interface Recipient {
  /** The token subject: the applicant's owner id, or the staff member's id. */
  id: string;
  email: string | null;
  locale: string | null;
  name?: string | null;
}

export interface Delivery {
  /** What the message is about, once: the outbox event id, `digest:2027-03-01`, … */
  eventKey: string;
  recipient: Recipient;
  template: TemplateName;
  vars: TemplateVars;
  applicationId?: string | null;
  channels: readonly Channel[];
  /**
   * When the thing told happened (e.g. the outbox event's time): an in-app message is dated
   * by it, so the inbox keeps the order of events even when their jobs ran out of order.
   * E-mail rows are always dated by the attempt (see deliver). Default: now.
   */
  occurredAt?: Date | null;
  /** Files for the e-mail (e.g. a report as CSV); the caller gives them on every attempt. */
  attachments?: readonly Attachment[];
}

/**
 * What deliver did per channel. in-app: `created` or `exists`. email: `sent` (this call
 * inserted the row and sent it), `resent` (an earlier attempt died between insert and
 * send, see deliver), `already-sent`, or `no-address`.
 */
export type ChannelOutcome = 'created' | 'exists' | 'sent' | 'resent' | 'already-sent' | 'no-address';

/** Another attempt inserted this mail less than MAIL_RESEND_AFTER_SECONDS (a minute) ago and has not finished: try again later. */
export class MailInFlightError extends Error {
  constructor(eventKey: string, recipientId: string) {
    super(`The mail for ${eventKey} to ${recipientId} is being sent by another attempt; try again later`);
    this.name = 'MailInFlightError';
  }
}

export interface InAppMessage {
  id: string;
  subject: string;
  body: string;
  createdAt: string;
  readAt: string | null;
  applicationId: string | null;
}

/** A message as stored, on either channel (the recipient's data export). */
export interface StoredMessage {
  id: string;
  channel: Channel;
  address: string | null;
  subject: string;
  body: string;
  createdAt: string;
  sentAt: string | null;
  readAt: string | null;
  applicationId: string | null;
}

/**
 * Every message the system sends goes through deliver(): one row per (event, recipient,
 * channel) in `notifications`, so a job that runs twice sends nothing twice.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly templates: Templates,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {}

  /**
   * Delivers one message to one recipient on each channel, at most once per eventKey.
   *
   * in-app: the INSERT … ON CONFLICT DO NOTHING is the delivery.
   *
   * e-mail: whoever inserts the row sends the mail, then sets sent_at; a later run that finds
   * the row sent does nothing. If the send fails, the row is deleted again and the error
   * thrown, so the job's retry starts afresh. The one gap is a crash between insert and
   * sent_at (process killed mid-send): the row stays with sent_at NULL. A retry that finds
   * such a row younger than a minute throws MailInFlightError (another attempt may still be
   * sending; the job retries with backoff); once it is older, the retry takes it over with
   * a conditional UPDATE (only one retry can win) and sends the stored subject and body.
   * So: exactly once in the normal case, at most one resend after a crash between send and
   * sent_at, and that resend carries the same Message-ID, derived from the key, so mail
   * clients can drop it. We chose this over "never resend" because a lost decision letter
   * (with an objection deadline) is worse than a duplicate.
   */
  async deliver(delivery: Delivery): Promise<Partial<Record<Channel, ChannelOutcome>>> {
    const { eventKey, recipient, template, applicationId } = delivery;
    const locale = localeOf(recipient.locale);
    const fallbackName = locale === 'en' ? 'colleague' : 'collega';
    const { subject, body } = this.templates.render(template, locale, {
      name: recipient.name?.trim() || fallbackName,
      ...delivery.vars,
    });
    const outcome: Partial<Record<Channel, ChannelOutcome>> = {};
    // In-app first: it cannot fail on the mail server, so it is there even while mail is retried.
    const channels = [...new Set(delivery.channels)].sort((a, b) => (a === 'in-app' ? -1 : b === 'in-app' ? 1 : 0));
    for (const channel of channels) {
      if (channel === 'email' && !recipient.email) {
        outcome.email = 'no-address';
        continue;
      }
      const inserted: { id: string }[] = await this.db.query(
        `INSERT INTO notifications
           (event_key, recipient_id, channel, address, template, locale, subject, body, application_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10, now()))
         ON CONFLICT (event_key, recipient_id, channel) DO NOTHING RETURNING id`,
        [
          eventKey,
          recipient.id,
          channel,
          channel === 'email' ? recipient.email : null,
          template,
          locale,
          subject,
          channel === 'email' ? this.withLink(body, applicationId, locale) : body,
          applicationId ?? null,
          channel === 'in-app' ? (delivery.occurredAt ?? null) : null,
        ],
      );
      if (channel === 'in-app') {
        outcome[channel] = inserted.length > 0 ? 'created' : 'exists';
      } else if (inserted.length > 0) {
        await this.sendRow(
          inserted[0].id,
          eventKey,
          recipient.id,
          recipient.email!,
          subject,
          this.withLink(body, applicationId, locale),
          locale,
          true,
          delivery.attachments,
        );
        outcome.email = 'sent';
      } else {
        outcome.email = await this.retryEmail(eventKey, recipient.id, delivery.attachments);
      }
    }
    return outcome;
  }

  /** A mail about an application ends with the address of its page. */
  private withLink(body: string, applicationId: string | null | undefined, locale: Locale): string {
    if (!applicationId) return body;
    return `${body}\n${LINK_LABEL[locale]}: ${publicUrl(this.config)}/applications/${applicationId}\n`;
  }

  /** The e-mail row exists already: sent, in flight, or left behind by an attempt that died. */
  private async retryEmail(
    eventKey: string,
    recipientId: string,
    attachments?: readonly Attachment[],
  ): Promise<ChannelOutcome> {
    const [rows] = await this.db.query<
      [{ id: string; address: string; subject: string; body: string; locale: string }[], number]
    >(
      `UPDATE notifications SET created_at = now()
       WHERE event_key = $1 AND recipient_id = $2 AND channel = 'email' AND sent_at IS NULL
         AND created_at < now() - make_interval(secs => $3)
       RETURNING id, address, subject, body, locale`,
      [eventKey, recipientId, this.config.MAIL_RESEND_AFTER_SECONDS],
    );
    if (rows.length > 0) {
      const row = rows[0];
      await this.sendRow(
        row.id,
        eventKey,
        recipientId,
        row.address,
        row.subject,
        row.body,
        localeOf(row.locale),
        false,
        attachments,
      );
      return 'resent';
    }
    const [row] = await this.db.query<{ sent: boolean }[]>(
      `SELECT sent_at IS NOT NULL AS sent FROM notifications WHERE event_key = $1 AND recipient_id = $2 AND channel = 'email'`,
      [eventKey, recipientId],
    );
    if (row?.sent) return 'already-sent';
    throw new MailInFlightError(eventKey, recipientId);
  }

  private async sendRow(
    id: string,
    eventKey: string,
    recipientId: string,
    address: string,
    subject: string,
    body: string,
    locale: Locale,
    deleteOnFailure: boolean,
    attachments?: readonly Attachment[],
  ): Promise<void> {
    try {
      await this.mailer.send({
        to: address,
        subject,
        text: body,
        html: mailHtml(subject, body, locale),
        messageId: messageIdFor(eventKey, recipientId, this.mailer.domain),
        attachments,
      });
    } catch (error) {
      // The server refused or was unreachable: nothing went out, so the next attempt may send.
      // A taken-over row (deleteOnFailure false) is made old again instead, for the same effect.
      if (deleteOnFailure) {
        await this.db.query(`DELETE FROM notifications WHERE id = $1 AND sent_at IS NULL`, [id]);
      } else {
        await this.db.query(
          `UPDATE notifications SET created_at = now() - make_interval(secs => $2 * 2) WHERE id = $1 AND sent_at IS NULL`,
          [id, this.config.MAIL_RESEND_AFTER_SECONDS],
        );
      }
      throw error;
    }
    await this.db.query(`UPDATE notifications SET sent_at = now() WHERE id = $1`, [id]);
  }

  /** Every message to `recipientId`, on every channel, oldest first (for their data export). */
  async allTo(recipientId: string): Promise<StoredMessage[]> {
    const rows: {
      id: string;
      channel: Channel;
      address: string | null;
      subject: string;
      body: string;
      created_at: Date;
      sent_at: Date | null;
      read_at: Date | null;
      application_id: string | null;
    }[] = await this.db.query(
      `SELECT id, channel, address, subject, body, created_at, sent_at, read_at, application_id
       FROM notifications WHERE recipient_id = $1 ORDER BY created_at, id`,
      [recipientId],
    );
    return rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      address: r.address,
      subject: r.subject,
      body: r.body,
      createdAt: r.created_at.toISOString(),
      sentAt: r.sent_at ? r.sent_at.toISOString() : null,
      readAt: r.read_at ? r.read_at.toISOString() : null,
      applicationId: r.application_id,
    }));
  }

  /** The recipient's in-app messages about one application, newest first (its page shows them). */
  async inboxAbout(recipientId: string, applicationId: string, limit = 50): Promise<InAppMessage[]> {
    const rows = await this.db.query<
      { id: string; subject: string; body: string; created_at: Date; read_at: Date | null; application_id: string }[]
    >(
      `SELECT id, subject, body, created_at, read_at, application_id
       FROM notifications WHERE recipient_id = $1 AND channel = 'in-app' AND application_id = $2
       ORDER BY created_at DESC, id DESC LIMIT $3`,
      [recipientId, applicationId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      subject: r.subject,
      body: r.body,
      createdAt: r.created_at.toISOString(),
      readAt: r.read_at ? r.read_at.toISOString() : null,
      applicationId: r.application_id,
    }));
  }

  /** The caller's in-app messages, newest first. */
  async inbox(
    recipientId: string,
    limit = 50,
    cursor?: string,
  ): Promise<{ items: InAppMessage[]; nextCursor: string | null }> {
    const params: unknown[] = [recipientId, limit + 1];
    let after = '';
    if (cursor) {
      const [at, id] = decodeCursor(cursor);
      params.push(at, id);
      after = `AND (created_at, id) < ($3::timestamptz, $4::uuid)`;
    }
    const rows: {
      id: string;
      subject: string;
      body: string;
      created_at: Date;
      cursor_at: string;
      read_at: Date | null;
      application_id: string | null;
    }[] = await this.db.query(
      `SELECT id, subject, body, created_at, created_at::text AS cursor_at, read_at, application_id
       FROM notifications WHERE recipient_id = $1 AND channel = 'in-app' ${after}
       ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        subject: r.subject,
        body: r.body,
        createdAt: r.created_at.toISOString(),
        readAt: r.read_at ? r.read_at.toISOString() : null,
        applicationId: r.application_id,
      })),
      nextCursor: rows.length > limit ? encodeCursor(last.cursor_at, last.id) : null,
    };
  }
}
