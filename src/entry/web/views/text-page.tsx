import { Alert, Heading1, Paragraph } from './components';
import type { Frame } from './frame';
import { Layout } from './layout';

/** A page of plain paragraphs: accessibility statement, privacy, contact, a notice. */
export function TextPage({
  frame,
  title,
  paragraphs,
  notice,
}: {
  frame: Frame;
  title: string;
  paragraphs: readonly string[];
  notice?: string;
}) {
  return (
    <Layout frame={frame} title={title}>
      {notice && <Alert type="info">{notice}</Alert>}
      <Heading1>{title}</Heading1>
      {paragraphs.map((p, i) => (
        <Paragraph key={i}>{p}</Paragraph>
      ))}
    </Layout>
  );
}
