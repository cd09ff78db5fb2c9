import type { MailboxMail } from '../../../platform/mail/mailbox';
import { Heading1, Link, Paragraph, SummaryList } from './components';
import type { Frame } from './frame';
import { Layout } from './layout';

export function MailboxPage({ frame, mails }: { frame: Frame; mails: MailboxMail[] }) {
  const { t, moment } = frame.speech;
  const m = t.mailbox;
  return (
    <Layout frame={frame} title={m.title}>
      <Heading1>{m.title}</Heading1>
      <Paragraph>{m.intro}</Paragraph>
      {mails.length === 0 && <Paragraph>{m.none}</Paragraph>}
      <ul class="utrecht-unordered-list">
        {mails.map((mail) => (
          <li class="utrecht-unordered-list__item" key={mail.id}>
            <Link href={`/dev/mailbox/${mail.id}`}>{mail.subject}</Link> ({m.to.toLowerCase()} {mail.to},{' '}
            {moment(mail.receivedAt)})
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function MailPage({ frame, mail }: { frame: Frame; mail: MailboxMail }) {
  const { t, moment } = frame.speech;
  const m = t.mailbox;
  return (
    <Layout frame={frame} title={mail.subject}>
      <Paragraph>
        <Link href="/dev/mailbox">{m.back}</Link>
      </Paragraph>
      <Heading1>{mail.subject}</Heading1>
      <SummaryList
        rows={[
          { key: m.from, value: mail.from },
          { key: m.to, value: mail.to },
          { key: m.received, value: moment(mail.receivedAt) },
          ...(mail.attachments.length
            ? [{ key: m.attachments, value: mail.attachments.map((a) => `${a.filename} (${a.size} B)`).join(', ') }]
            : []),
        ]}
      />
      {mail.html && (
        <Paragraph>
          <Link href={`/dev/mailbox/${mail.id}/html`}>{m.html}</Link>
        </Paragraph>
      )}
      <h2 class="utrecht-heading-2">{m.text}</h2>
      <div class="vv-mail">{mail.text}</div>
    </Layout>
  );
}
