import { Heading1, Link, Paragraph } from './components';
import type { Frame } from './frame';
import { Layout } from './layout';

export type ProblemKind = 'not-found' | 'forbidden' | 'csrf' | 'too-large' | 'bad-request' | 'error';

/** A page that says what went wrong in plain words, and where to go from here. */
export function ProblemPage({ frame, kind }: { frame: Frame; kind: ProblemKind }) {
  const p = frame.speech.t.problems;
  const [title, text] = {
    'not-found': [p.notFoundTitle, p.notFound],
    forbidden: [p.forbiddenTitle, p.forbidden],
    csrf: [p.csrfTitle, p.csrf],
    'too-large': [p.tooLargeTitle, p.tooLarge],
    'bad-request': [p.badRequestTitle, p.badRequest],
    error: [p.errorTitle, p.error],
  }[kind];
  return (
    <Layout frame={frame} title={title}>
      <Heading1>{title}</Heading1>
      <Paragraph>{text}</Paragraph>
      <Paragraph>
        <Link href="/">{p.home}</Link>
      </Paragraph>
    </Layout>
  );
}
