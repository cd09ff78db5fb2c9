import type { DemoPerson } from '../../../platform/auth/demo-people';
import { fill } from '../i18n/i18n';
import { Alert, Button, Heading1, Heading2, Paragraph } from './components';
import type { Frame } from './frame';
import { CsrfField, Layout } from './layout';

export interface LoginPageProps {
  frame: Frame;
  mode: 'local' | 'oidc';
  people: readonly DemoPerson[];
  next: string;
  notice: 'expired' | 'logged-out' | 'failed' | null;
  issuer?: string;
}

function PersonButton({ frame, person, next }: { frame: Frame; person: DemoPerson; next: string }) {
  const { t, lang } = frame.speech;
  return (
    <li>
      <form method="post" action="/login">
        <CsrfField frame={frame} />
        <input type="hidden" name="next" value={next} />
        <Button name="person" value={person.id} secondary>
          {fill(t.login.loginAs, { name: person.name })} ({person.about[lang]})
        </Button>
      </form>
    </li>
  );
}

export function LoginPage({ frame, mode, people, next, notice, issuer }: LoginPageProps) {
  const { t } = frame.speech;
  const applicants = people.filter((p) => p.role === 'applicant');
  const staff = people.filter((p) => p.role !== 'applicant');
  return (
    <Layout frame={frame} title={t.login.title}>
      {notice === 'expired' && <Alert type="info">{t.login.expired}</Alert>}
      {notice === 'logged-out' && <Alert type="ok">{t.login.loggedOut}</Alert>}
      {notice === 'failed' && <Alert type="error">{t.login.failed}</Alert>}
      <Heading1>{t.login.title}</Heading1>
      {mode === 'oidc' ? (
        <form method="post" action="/auth/start">
          <CsrfField frame={frame} />
          <input type="hidden" name="next" value={next} />
          <Paragraph>{fill(t.login.oidcIntro, { issuer: issuer ?? '' })}</Paragraph>
          <Button>{t.login.oidcButton}</Button>
        </form>
      ) : (
        <>
          <Paragraph>{t.login.demoIntro}</Paragraph>
          <Heading2>{t.login.applicants}</Heading2>
          <ul class="vv-people">
            {applicants.map((p) => (
              <PersonButton frame={frame} person={p} next={next} key={p.id} />
            ))}
          </ul>
          <Heading2>{t.login.staff}</Heading2>
          <ul class="vv-people">
            {staff.map((p) => (
              <PersonButton frame={frame} person={p} next={next} key={p.id} />
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}
