import { DataSource } from 'typeorm';

/** A mail as the local mailbox keeps it. */
export interface MailboxMail {
  id: string;
  messageId: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string | null;
  attachments: { filename: string; contentType: string; size: number }[];
  receivedAt: Date;
}

interface MailboxRow {
  id: string;
  message_id: string;
  recipient: string;
  sender: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attachments: MailboxMail['attachments'];
  received_at: Date;
}

const fromRow = (r: MailboxRow): MailboxMail => ({
  id: r.id,
  messageId: r.message_id,
  to: r.recipient,
  from: r.sender,
  subject: r.subject,
  text: r.text_body,
  html: r.html_body,
  attachments: r.attachments,
  receivedAt: r.received_at,
});

/** Keeps a mail in the local mailbox (used when SMTP_URL is not set). Attachments are listed, not kept. */
export async function keepInMailbox(
  db: DataSource,
  mail: {
    to: string;
    from: string;
    subject: string;
    text: string;
    html?: string;
    messageId: string;
    attachments?: readonly { filename: string; content: string; contentType: string }[];
  },
): Promise<void> {
  const attachments = (mail.attachments ?? []).map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    size: Buffer.byteLength(a.content),
  }));
  await db.query(
    `INSERT INTO mailbox (message_id, recipient, sender, subject, text_body, html_body, attachments)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [mail.messageId, mail.to, mail.from, mail.subject, mail.text, mail.html ?? null, JSON.stringify(attachments)],
  );
}

/** The newest mails first. */
export async function mailboxList(db: DataSource, limit = 100): Promise<MailboxMail[]> {
  const rows = await db.query<MailboxRow[]>(
    `SELECT id::text, message_id, recipient, sender, subject, text_body, html_body, attachments, received_at
     FROM mailbox ORDER BY id DESC LIMIT $1`,
    [limit],
  );
  return rows.map(fromRow);
}

export async function mailboxMail(db: DataSource, id: string): Promise<MailboxMail | null> {
  if (!/^[0-9]{1,18}$/.test(id)) return null;
  const rows = await db.query<MailboxRow[]>(
    `SELECT id::text, message_id, recipient, sender, subject, text_body, html_body, attachments, received_at
     FROM mailbox WHERE id = $1`,
    [id],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}
