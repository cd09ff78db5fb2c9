import { TestApp } from './support';
import { VALID_ANSWERS, WebClient } from './support/web-client';

const draftOf = (html: string) => /name="draft" value="([0-9a-f-]{36})"/.exec(html)![1];
const idOf = (location: string) => /\/applications\/([0-9a-f-]{36})/.exec(location)![1];

/** The apply form through its pages: validation, drafts, the send (once), and refusals shown as words. */
describe('web pages: applying', () => {
  let t: TestApp;
  let code: string;

  beforeAll(async () => {
    t = await TestApp.start();
    code = (await t.newProgramme()).code;
  });
  afterAll(() => t?.close());

  const applicant = async (person: string) => {
    const client = new WebClient(t.app);
    await client.loginAs(person);
    return client;
  };
  const applicationsOf = async (owner: string) =>
    t.db.query<Record<string, any>[]>(`SELECT * FROM applications WHERE owner_id = $1`, [owner]);

  it('gives a page back with an error summary linking to each wrong field, the answers kept and escaped', async () => {
    const client = await applicant('applicant-1');
    await client.get(`/apply/${code}/personal`);
    const reply = await client.post(`/apply/${code}/personal`, {
      'applicant.name': '<script>alert(1)</script>',
      'applicant.email': 'not-an-email',
      'applicant.postcode': '0123 AB',
      'applicant.dateOfBirth': '31-02-1990',
    });
    expect(reply.status).toBe(400);
    expect(WebClient.errorSummary(reply.body)).toEqual([
      '#f-applicant-email Vul een e-mailadres in zoals naam@voorbeeld.nl',
      '#f-applicant-postcode Vul een postcode in zoals 7511 AB',
      '#f-applicant-dateOfBirth Vul uw geboortedatum in zoals 12-04-1990',
      '#f-applicant-gender Kies een antwoord over uw gender',
    ]);
    expect(reply.body).toContain('<title>Fout: Over u');
    expect(reply.body).toContain('value="&lt;script>alert(1)&lt;/script>"');
    expect(reply.body).not.toContain('<script>alert');
    expect(reply.body).toContain('aria-invalid="true"');
    expect(reply.body).toContain('aria-describedby="f-applicant-postcode-hint f-applicant-postcode-error"');
    expect(reply.body).toContain('value="0123 AB"');
  });

  it('saves the draft as you go: after logging in again the applicant resumes where they stopped', async () => {
    const first = await applicant('applicant-2');
    await first.get(`/apply/${code}/personal`);
    const personal = await first.post(`/apply/${code}/personal`, {
      'applicant.name': 'Fleur Jansen',
      'applicant.email': 'fleur@example.nl',
      'applicant.postcode': '7552 CD',
      'applicant.dateOfBirth': '03-11-1996',
      'applicant.gender': 'female',
    });
    expect(personal.location).toBe(`/apply/${code}/situation`);
    await first.post('/logout');

    const again = await applicant('applicant-2');
    const resume = await again.get(`/apply/${code}`);
    expect(resume.location).toBe(`/apply/${code}/situation`);
    const page = await again.get(`/apply/${code}/personal`);
    expect(page.body).toContain('value="Fleur Jansen"');
    expect(page.body).toMatch(/value="female" checked\/>/);
    expect((await again.get('/applications')).body).toContain('Verdergaan met uw aanvraag');
  });

  it('asks employees for their employer with KvK number, shows the answers to check, and sends one application', async () => {
    const client = await applicant('applicant-3');
    const answers = {
      ...VALID_ANSWERS,
      'applicant.targetGroup': 'employee',
      'employer.name': 'Metaalbedrijf Twente BV',
      'employer.kvkNumber': '1234567',
      'employer.postcode': '7521 AA',
      'training.costCents': '3.200,50',
      'applicant.publicityConsent': 'yes',
    };
    const replies = await client.answerAll(code, answers);
    const employer = replies[2];
    expect(employer.status).toBe(400);
    expect(WebClient.errorSummary(employer.body)).toEqual([
      '#f-employer-kvkNumber Vul het KvK-nummer van uw werkgever in: acht cijfers',
    ]);
    expect(
      (await client.post(`/apply/${code}/employer`, { ...answers, 'employer.kvkNumber': '12345678' })).location,
    ).toBe(`/apply/${code}/training`);

    const check = await client.get(`/apply/${code}/check`);
    expect(check.status).toBe(200);
    expect(check.body).toContain('Controleer uw antwoorden');
    expect(check.body).toContain('Ik werk in loondienst');
    expect(check.body).toContain('12345678');
    expect(check.body).toContain(`href="/apply/${code}/employer?return=check#f-employer-kvkNumber"`);
    expect(WebClient.errorSummary(check.body)).toEqual([]);

    const sent = await client.post(`/apply/${code}/check`, { draft: draftOf(check.body) });
    expect(sent.status).toBe(303);
    const [application] = await applicationsOf('applicant-3');
    expect(sent.location).toBe(`/applications/${application.id}?sent=1`);
    expect(application).toMatchObject({
      status: 'submitted',
      requested_amount_cents: 250_000,
      applicant: expect.objectContaining({
        postcode: '7511 AB',
        dateOfBirth: '1990-04-12',
        locale: 'nl',
        publicityConsent: true,
      }),
      employer: { name: 'Metaalbedrijf Twente BV', kvkNumber: '12345678', postcode: '7521 AA' },
      training: expect.objectContaining({ startsOn: '2027-03-01', endsOn: '2027-09-01', costCents: 320_050 }),
    });
    const page = await client.get(sent.location!);
    expect(page.body).toContain('Uw aanvraag is verstuurd');
    expect(page.body).toContain(application.reference);
  });

  it('makes one application of a double click, the back button and a retry', async () => {
    const client = await applicant('applicant-4');
    await client.answerAll(code);
    const draft = draftOf((await client.get(`/apply/${code}/check`)).body);
    const [a, b] = await Promise.all([
      client.post(`/apply/${code}/check`, { draft }),
      client.post(`/apply/${code}/check`, { draft }),
    ]);
    const later = await client.post(`/apply/${code}/check`, { draft }); // back button, send again
    const rows = await applicationsOf('applicant-4');
    expect(rows).toHaveLength(1);
    for (const reply of [a, b, later]) {
      expect(reply.status).toBe(303);
      expect(idOf(reply.location!)).toBe(rows[0].id);
    }
    // A new application starts from a fresh draft.
    expect((await client.get(`/apply/${code}`)).location).toBe(`/apply/${code}/personal`);
  });

  it('refuses to send an incomplete application and links to the questions to answer', async () => {
    const client = await applicant('applicant-5');
    await client.get(`/apply/${code}/personal`);
    await client.post(`/apply/${code}/personal`, { 'applicant.name': 'Mehmet Yilmaz' });
    const check = await client.get(`/apply/${code}/check`);
    const reply = await client.post(`/apply/${code}/check`, { draft: draftOf(check.body) });
    expect(reply.status).toBe(400);
    const links = WebClient.errorSummary(reply.body);
    expect(links).toContain(
      `/apply/${code}/personal?return=check#f-applicant-email Vul een e-mailadres in zoals naam@voorbeeld.nl`,
    );
    expect(links).toContain(
      `/apply/${code}/amount?return=check#f-requestedAmountCents Vul het bedrag in euro in, bijvoorbeeld 2500`,
    );
    expect(await applicationsOf('applicant-5')).toHaveLength(0);
  });

  it('shows the lifecycle refusal "programme closed" as words on the page, not a stack trace or JSON', async () => {
    const { code: closing } = await t.newProgramme();
    const client = await applicant('applicant-6');
    await client.answerAll(closing);
    const check = await client.get(`/apply/${closing}/check`);
    const admin = await t.admin();
    const patched = await admin.patch(`/api/v1/programmes/${closing}`, { closesAt: '2026-06-30T23:59:59+02:00' });
    expect(patched.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the programme cache keeps a read for a second
    const reply = await client.post(`/apply/${closing}/check`, { draft: draftOf(check.body) });
    expect(reply.status).toBe(422);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.body).toContain('U kunt nu niet aanvragen: deze regeling is niet open.');
    expect(reply.body).not.toMatch(/problem\+json|at \w+ \(|"code"/);
    expect(await applicationsOf('applicant-6')).toHaveLength(0);
    const question = await client.get(`/apply/${closing}/amount`);
    expect(question.status).toBe(409);
    expect(question.body).toContain('Deze regeling is niet open voor aanvragen.');
  });

  it('withdraws after a confirm page; if an officer acted first, says so in words', async () => {
    const client = await applicant('applicant-7-en');
    await client.get('/?lang=en');
    await client.answerAll(code);
    const check = await client.get(`/apply/${code}/check`);
    expect(check.body).toContain('Check your answers');
    const sent = await client.post(`/apply/${code}/check`, { draft: draftOf(check.body) });
    const id = idOf(sent.location!);
    expect((await applicationsOf('applicant-7-en'))[0].applicant.locale).toBe('en');

    const confirm = await client.get(`/applications/${id}/withdraw`);
    expect(confirm.body).toContain('Are you sure you want to withdraw the application?');
    const tooLong = await client.post(`/applications/${id}/withdraw`, { reason: 'x'.repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect(WebClient.errorSummary(tooLong.body)).toEqual([
      '#f-reason Your explanation may be at most 2000 characters long',
    ]);

    // Meanwhile an officer rejects it.
    await t.passEligibility(id);
    const officer = await t.officer([code]);
    expect(
      (await officer.post(`/api/v1/applications/${id}/transitions`, { action: 'reject', reason: 'Buiten de regio.' }))
        .status,
    ).toBe(200);
    const refused = await client.post(`/applications/${id}/withdraw`, { reason: 'Andere baan' });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('That is no longer possible: the status of the application has changed meanwhile.');

    const page = await client.get(`/applications/${id}`);
    expect(page.body).toContain('Rejected');
    expect(page.body).toContain('Buiten de regio.');
    expect(page.body).toMatch(/You can object up to and including \d{1,2} \w+ \d{4}\./);
    expect(page.body).not.toContain('Withdraw application');
  });

  it('withdraws: the status says so, and the history tells it in plain words', async () => {
    const client = await applicant('applicant-8');
    await client.answerAll(code);
    const sent = await client.post(`/apply/${code}/check`, {
      draft: draftOf((await client.get(`/apply/${code}/check`)).body),
    });
    const id = idOf(sent.location!);
    await client.get(`/applications/${id}/withdraw`);
    const done = await client.post(`/applications/${id}/withdraw`, { reason: 'Ik heb een andere baan gevonden.' });
    expect(done.location).toBe('/applications?withdrawn=1');
    const list = await client.get(done.location!);
    expect(list.body).toContain('U hebt de aanvraag ingetrokken.');
    const page = await client.get(`/applications/${id}`);
    expect(page.body).toContain('U hebt de aanvraag ingediend.');
    expect(page.body).toContain('Toelichting: Ik heb een andere baan gevonden.');
    expect((await applicationsOf('applicant-8'))[0].status).toBe('withdrawn');
  });
});

describe('web pages: download my data', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t?.close());

  it('links "download my data" from my applications and serves the same export as the API, only to its owner', async () => {
    const code = (await t.newProgramme()).code;
    const client = new WebClient(t.app);
    await client.loginAs('applicant-4');
    await client.answerAll(code, VALID_ANSWERS);
    const check = await client.get(`/apply/${code}/check`);
    const sent = await client.post(`/apply/${code}/check`, { draft: draftOf(check.body) });
    expect(sent.status).toBe(303);

    const mine = await client.get('/applications');
    expect(mine.body).toContain('href="/applications/my-data"');
    const page = await client.get('/applications/my-data');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-disposition'])).toMatch(/^attachment; filename="vakvoucher-my-data-/);
    const fromPage = JSON.parse(page.body) as {
      subject: unknown;
      applications: { id: string; documents: unknown[] }[];
    };
    const api = await (await t.applicant('applicant-4')).get('/api/v1/me/data');
    expect(api.status).toBe(200);
    const { generatedAt: _a, ...pageRest } = fromPage as Record<string, unknown>;
    const { generatedAt: _b, ...apiRest } = api.body as Record<string, unknown>;
    expect(pageRest).toEqual(apiRest);
    expect(fromPage.applications.map((a) => a.id)).toEqual([idOf(sent.location!)]);
    expect(fromPage.applications[0].documents).toEqual([]);

    const stranger = new WebClient(t.app);
    await stranger.loginAs('applicant-5');
    expect(JSON.parse((await stranger.get('/applications/my-data')).body).applications).toEqual([]);
    expect((await new WebClient(t.app).get('/applications/my-data')).status).toBe(303);
  });
});
