import type { Browser, Page } from 'playwright-core';
import { checkPage, launchChromium, listen, newContext, PageCheck } from './support/browser';
import { ClamdServer, EICAR } from './support/clamd-server';
import { multipartBody, samplePdf } from './support/test-app';
import { WebClient } from './support/web-client';
import { Caller, TestApp } from './support';

/**
 * Issue 11, the applicant's pages: answering an information request (an answer and a file
 * chosen with the keyboard) sends the application back to submitted; proof of completion is
 * uploaded, scanned (a clamd in the test) and downloadable once clean, after which an officer
 * completes through the API; an objection is lodged within the term (the deadline shown), and
 * its link is gone after the deadline or a first objection. In Chromium with JavaScript (Dutch)
 * and without (English), every page checked with axe-core; then, without a browser, the error
 * summaries of wrong files, the form token of multipart forms, and another applicant's 404s.
 */

const MONTHS = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober'].concat([
    'november',
    'december',
  ]),
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October'].concat([
    'November',
    'December',
  ]),
};

/** The calendar date in the Netherlands, plus `days`, written out ("7 maart 2027", "7 March 2027"). */
function spelled(days: number, lang: 'nl' | 'en'): string {
  const now = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
  const d = new Date(`${now}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return `${d.getUTCDate()} ${MONTHS[lang][d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

const WORDS = {
  nl: {
    loginAs: 'Inloggen als',
    answer: 'Vraag beantwoorden',
    send: 'Antwoord versturen',
    nothing: 'Typ een antwoord of voeg een document toe',
    submitted: 'Ingediend',
    proofLink: 'Bewijs van afronding sturen',
    sendProof: 'Bewijs versturen',
    object: 'Bezwaar maken',
    sendObjection: 'Bezwaar versturen',
    reasonRequired: 'Schrijf waarom u het niet eens bent met het besluit',
    objection: 'Bezwaar in behandeling',
    deadline: (date: string) => `U kunt bezwaar maken tot en met ${date}.`,
    dueOn: (date: string) => `Stuur uw antwoord uiterlijk op ${date}.`,
    eighty: '80%',
  },
  en: {
    loginAs: 'Log in as',
    answer: 'Answer the question',
    send: 'Send answer',
    nothing: 'Type an answer or add a document',
    submitted: 'Submitted',
    proofLink: 'Send proof of completion',
    sendProof: 'Send proof',
    object: 'Lodge an objection',
    sendObjection: 'Send objection',
    reasonRequired: 'Write why you disagree with the decision',
    objection: 'Objection being decided',
    deadline: (date: string) => `You can lodge an objection until ${date}.`,
    dueOn: (date: string) => `Send your answer by ${date} at the latest.`,
    eighty: '80%',
  },
};

describe('the applicant pages for information requests, proof and objections', () => {
  let t: TestApp;
  let clamd: ClamdServer;
  let base: string;
  let browser: Browser;
  let programme: { code: string };
  let reviewer: Caller;
  let granter: Caller;
  /** Applications of the browser runs, for the checks without a browser. */
  const made: { supplemented?: string; document?: string; objected?: string; lapsed?: string; owner?: string } = {};

  beforeAll(async () => {
    clamd = await ClamdServer.start();
    t = await TestApp.start({ worker: true, env: { CLAMAV_URL: clamd.url, DOCUMENT_MAX_BYTES: '4096' } });
    base = await listen(t);
    browser = await launchChromium();
    programme = await t.newProgramme();
    reviewer = await t.officer([programme.code]);
    granter = await t.officer([programme.code]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await clamd?.close();
  });

  async function applicationOf(personId: string): Promise<string> {
    const applicant = await t.as({ sub: personId, role: 'applicant', email: `${personId}@example.nl` });
    const { application } = await t.newApplication(programme.code, { applicant });
    return application.id as string;
  }
  const act = async (officer: Caller, id: string, body: Record<string, unknown>) => {
    const reply = await officer.post(`/api/v1/applications/${id}/transitions`, body);
    expect({ action: body.action, status: reply.status, body: reply.status === 200 ? null : reply.body }).toEqual({
      action: body.action,
      status: 200,
      body: null,
    });
    return reply.body;
  };

  /**
   * Tab from the answer field (or the top of the page) to the file input, as a keyboard user,
   * and choose the file there: with JavaScript, Space opens the chooser (Playwright answers it);
   * without, the focused input takes the file directly (headless Chromium did not always open a
   * chooser in a page without script).
   */
  async function chooseFileByKeyboard(page: Page, js: boolean, name: string, text: string) {
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === 'file')) break;
    }
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('file');
    const file = { name, mimeType: 'application/pdf', buffer: samplePdf(text) };
    if (!js) return page.locator(':focus').setInputFiles(file);
    // Headless Chromium under load now and then drops the first Space's chooser (a CI run waited
    // 30 s for it); the key is pressed again, the chooser still comes from the keyboard.
    for (let attempt = 1; ; attempt++) {
      try {
        const [chooser] = await Promise.all([
          page.waitForEvent('filechooser', { timeout: 5000 }),
          page.keyboard.press('Space'),
        ]);
        return chooser.setFiles(file);
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  }

  const runs = [
    { js: true, lang: 'nl', personId: 'applicant-1', person: 'Ahmad Al Haj' },
    { js: false, lang: 'en', personId: 'applicant-2', person: 'Fleur Jansen' },
  ] as const;

  it.each(runs)(
    'JavaScript $js, language $lang: answer, proof, objection',
    async ({ js, lang, personId, person }) => {
      const w = WORDS[lang];
      const context = await newContext(browser, js);
      const page = await context.newPage();
      const checker = js ? undefined : await (await newContext(browser, true)).newPage();
      const checks: PageCheck[] = [];
      const check = async () => checks.push(await checkPage(page, checker));

      const asked = await applicationOf(personId);
      await act(reviewer, asked, { action: 'request-information', reason: 'Stuur de offerte van de opleider mee.' });

      await page.goto(`${base}/login${lang === 'en' ? '?lang=en' : ''}`);
      await page.getByRole('button', { name: new RegExp(`^${w.loginAs} ${person}`) }).click();
      await page.waitForURL(/\/applications$/);

      // The question and its due date on the application's page, and the way to answer it.
      await page.goto(`${base}/applications/${asked}`);
      await check();
      expect(await page.locator('#main').textContent()).toContain('Stuur de offerte van de opleider mee.');
      expect(await page.locator('#main').textContent()).toContain(w.dueOn(spelled(14, lang)));
      await page.getByRole('link', { name: w.answer }).click();
      await page.waitForURL(/\/information$/);
      await check();

      // Nothing supplied: the form again, with the lifecycle's refusal in the error summary.
      await page.getByRole('button', { name: w.send }).click();
      await page.locator('.vv-error-summary').waitFor();
      await check();
      expect(await page.title()).toMatch(/^(Fout|Error): /);
      expect(await page.locator('.vv-error-summary a').allTextContents()).toEqual([w.nothing]);
      expect(await page.locator('.vv-error-summary a').getAttribute('href')).toBe('#f-answer');

      await page.locator('#f-answer').fill('De offerte zit erbij.');
      await page.locator('#f-answer').focus();
      await chooseFileByKeyboard(page, js, 'offerte.pdf', 'Offerte');
      await page.getByRole('button', { name: w.send }).click();
      await page.waitForURL(/\?done=supplemented$/);
      expect(await page.locator('.vv-status').first().textContent()).toBe(w.submitted);
      expect(await page.locator('#main').textContent()).toContain('offerte.pdf');
      const api = (await reviewer.get(`/api/v1/applications/${asked}`)).body;
      expect({ status: api.status, informationRequest: api.informationRequest ?? null }).toEqual({
        status: 'submitted',
        informationRequest: null,
      });

      // Granted: proof of completion, scanned, then downloadable; the officer completes.
      await t.drain();
      await act(reviewer, asked, { action: 'review' });
      await act(granter, asked, { action: 'grant' });
      await page.goto(`${base}/applications/${asked}`);
      await page.getByRole('link', { name: w.proofLink }).click();
      await page.waitForURL(/\/proof$/);
      await check();
      expect(await page.locator('#main').textContent()).toContain(w.eighty);
      await chooseFileByKeyboard(page, js, 'diploma.pdf', 'Diploma');
      await page.getByRole('button', { name: w.sendProof }).click();
      await page.waitForURL(/\?done=proofSent$/);
      expect(await page.locator('[data-scan]').count()).toBe(2);
      await t.drain();
      await page.reload();
      await check();
      expect(
        await page.locator('[data-scan]').evaluateAll((els) => els.map((e) => e.getAttribute('data-scan'))),
      ).toEqual(['clean', 'clean']);
      const link = page.getByRole('link', { name: /diploma\.pdf/ });
      const download = await page.request.get(new URL((await link.getAttribute('href'))!, base).href);
      expect(download.status()).toBe(200);
      expect((await download.body()).toString('latin1')).toContain('Diploma');
      await act(granter, asked, { action: 'complete' });
      made.supplemented = asked;
      made.document = /documents\/([0-9a-f-]{36})/.exec((await link.getAttribute('href'))!)![1];
      made.owner = personId;

      // A rejection: the objection within the term, the deadline shown; afterwards no link.
      const rejected = await applicationOf(personId);
      await act(reviewer, rejected, { action: 'reject', reason: 'De opleiding staat niet in het register.' });
      await page.goto(`${base}/applications/${rejected}`);
      await check();
      await page.getByRole('link', { name: w.object }).click();
      await page.waitForURL(/\/objection$/);
      await check();
      expect(await page.locator('#main').textContent()).toContain(w.deadline(spelled(42, lang)));
      await page.getByRole('button', { name: w.sendObjection }).click();
      await page.locator('.vv-error-summary').waitFor();
      await check();
      expect(await page.locator('.vv-error-summary a').allTextContents()).toEqual([w.reasonRequired]);
      await page.locator('#f-reason').fill('De opleiding staat sinds januari wel in het register.');
      await page.getByRole('button', { name: w.sendObjection }).click();
      await page.waitForURL(/\?done=objected$/);
      await check();
      expect(await page.locator('.vv-status').first().textContent()).toBe(w.objection);
      expect(await page.getByRole('link', { name: w.object }).count()).toBe(0);
      made.objected = rejected;

      // After the deadline the link does not show.
      const lapsed = await applicationOf(personId);
      await act(reviewer, lapsed, { action: 'reject', reason: 'Te laat ingediend.' });
      await t.db.query(
        `UPDATE applications SET decision = jsonb_set(decision, '{objectionDeadline}', to_jsonb((now() - interval '2 days')::date::text)) WHERE id = $1`,
        [lapsed],
      );
      await page.goto(`${base}/applications/${lapsed}`);
      expect(await page.getByRole('link', { name: w.object }).count()).toBe(0);
      made.lapsed = lapsed;

      await context.close();
      await checker?.context().close();
      for (const c of checks) {
        expect({ url: c.url, lang: c.lang, h1: c.h1, skipLink: c.skipLink, violations: c.violations }).toEqual({
          url: c.url,
          lang,
          h1: 1,
          skipLink: true,
          violations: [],
        });
      }
      expect(checks.length).toBe(9);
    },
    60_000,
  );

  it('wrong files, a missing form token, too late, twice, and another applicant: the page says so', async () => {
    const owner = new WebClient(t.app);
    await owner.loginAs('applicant-3');
    const asked = await applicationOf('applicant-3');
    await act(reviewer, asked, { action: 'request-information', reason: 'Welke opleider?' });
    await owner.get(`/applications/${asked}/information`);
    const send = (url: string, parts: Parameters<typeof multipartBody>[0], client = owner) => {
      const { body, contentType } = multipartBody(parts);
      return client.request('POST', url, body as unknown as string, { 'content-type': contentType });
    };
    const info = `/applications/${asked}/information`;
    const csrf = () => ({ name: '_csrf', value: owner.csrf });
    const answer = { name: 'answer', value: 'Het Techniek College' };

    const cases = [
      { file: { name: 'files', fileName: 'groot.pdf', bytes: Buffer.concat([samplePdf(), Buffer.alloc(5000, 32)]) } },
      { file: { name: 'files', fileName: 'virus.pdf', bytes: Buffer.from('MZ\x90\x00 not a pdf', 'latin1') } },
      { file: { name: 'files', fileName: 'leeg.pdf', bytes: Buffer.alloc(0) } },
    ];
    const summaries: string[][] = [];
    for (const { file } of cases) {
      const reply = await send(info, [csrf(), answer, file]);
      expect(reply.status).toBe(400);
      expect(reply.body).toContain('Het Techniek College</textarea>');
      summaries.push(WebClient.errorSummary(reply.body));
    }
    expect(summaries).toEqual([
      ['#f-files Het bestand groot.pdf is te groot. Een bestand mag hooguit 4 kB zijn'],
      ['#f-files Het bestand virus.pdf is geen PDF, PNG of JPEG. Kies een ander bestand'],
      ['#f-files Het bestand leeg.pdf is leeg. Kies een ander bestand'],
    ]);
    const count = async (id: string) =>
      (await t.db.query(`SELECT count(*)::int AS n FROM documents WHERE application_id = $1`, [id]))[0].n;
    // A good file next to a wrong one: every file is checked before any is stored.
    const good = { name: 'files', fileName: 'goed.pdf', bytes: samplePdf() };
    const mixed = await send(info, [csrf(), answer, good, cases[1].file]);
    expect({ status: mixed.status, summary: WebClient.errorSummary(mixed.body), stored: await count(asked) }).toEqual({
      status: 400,
      summary: ['#f-files Het bestand virus.pdf is geen PDF, PNG of JPEG. Kies een ander bestand'],
      stored: 0,
    });
    // No open question: refused before any file is read or stored.
    const submitted = await applicationOf('applicant-3');
    const refused = await send(`/applications/${submitted}/information`, [csrf(), answer, good, good]);
    expect({ status: refused.status, stored: await count(submitted) }).toEqual({ status: 409, stored: 0 });
    // Nothing chosen and no answer: the lifecycle's guard, next to the answer field.
    const nothing = await send(info, [
      csrf(),
      { name: 'answer', value: ' ' },
      { name: 'files', fileName: '', bytes: Buffer.alloc(0) },
    ]);
    expect({ status: nothing.status, summary: WebClient.errorSummary(nothing.body) }).toEqual({
      status: 400,
      summary: ['#f-answer Typ een antwoord of voeg een document toe'],
    });
    expect((await reviewer.get(`/api/v1/applications/${asked}`)).body.status).toBe('information-requested');

    // The form token comes first; without it (or after the file) the form is refused before its files count.
    const file = { name: 'files', fileName: 'a.pdf', bytes: samplePdf() };
    expect((await send(info, [answer, file])).status).toBe(403);
    expect((await send(info, [file, csrf()])).status).toBe(403);
    expect((await send(info, [{ name: '_csrf', value: 'x'.repeat(43) }, file])).status).toBe(403);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM documents WHERE application_id = $1`, [asked]))[0].n).toBe(
      0,
    );
    // Multipart stays refused on pages without files (the JSON body limit stays theirs).
    expect((await send(`/applications/${asked}/withdraw`, [csrf(), { name: 'reason', value: 'x' }])).status).toBe(415);

    // Too late, and a second objection: the page again, the reason in words.
    const mine = await applicationOf('applicant-3');
    await act(reviewer, mine, { action: 'reject', reason: 'Geen plek.' });
    await t.db.query(
      `UPDATE applications SET decision = jsonb_set(decision, '{objectionDeadline}', to_jsonb((now() - interval '2 days')::date::text)) WHERE id = $1`,
      [mine],
    );
    await owner.get(`/applications/${mine}/objection`);
    const late = await owner.post(`/applications/${mine}/objection`, { reason: 'Toch bezwaar.' });
    expect(late.status).toBe(409);
    expect(late.body).toContain('De termijn om bezwaar te maken is voorbij');

    const twice = await applicationOf('applicant-3');
    await act(reviewer, twice, { action: 'reject', reason: 'Geen plek.' });
    expect((await owner.post(`/applications/${twice}/objection`, { reason: 'Eerste bezwaar.' })).status).toBe(303);
    await act(granter, twice, { action: 'dismiss', reason: 'Het besluit blijft.' });
    const page = await owner.get(`/applications/${twice}`);
    expect(page.body).not.toContain(`/applications/${twice}/objection"`);
    const again = await owner.post(`/applications/${twice}/objection`, { reason: 'Tweede bezwaar.' });
    expect(again.status).toBe(409);
    expect(again.body).toContain('U hebt al bezwaar gemaakt tegen dit besluit');

    // Proof found infected: the page says so and offers no download.
    const granted = await applicationOf('applicant-3');
    await act(reviewer, granted, { action: 'review' });
    await act(granter, granted, { action: 'grant' });
    await owner.get(`/applications/${granted}/proof`);
    // Two files for one proof: refused before either is stored.
    const two = await send(`/applications/${granted}/proof`, [
      csrf(),
      { name: 'file', fileName: 'a.pdf', bytes: samplePdf() },
      { name: 'file', fileName: 'b.pdf', bytes: samplePdf() },
    ]);
    expect({ status: two.status, summary: WebClient.errorSummary(two.body), stored: await count(granted) }).toEqual({
      status: 400,
      summary: ['#f-file Kies één bestand'],
      stored: 0,
    });
    const infected = Buffer.concat([samplePdf(), Buffer.from(EICAR, 'latin1')]);
    const sent = await send(`/applications/${granted}/proof`, [
      csrf(),
      { name: 'file', fileName: 'diploma.pdf', bytes: infected },
    ]);
    expect(sent).toMatchObject({ status: 303, location: `/applications/${granted}?done=proofSent` });
    expect((await owner.get(`/applications/${granted}`)).body).toContain('data-scan="pending"');
    await t.drain();
    const shown = (await owner.get(`/applications/${granted}`)).body;
    expect(shown).toContain('data-scan="infected"');
    expect(shown).toContain('Geweigerd: er zit een virus in');
    expect(shown).not.toContain(`/applications/${granted}/documents/`);

    // Another applicant: every page and the document of someone else's application are not found.
    const stranger = new WebClient(t.app);
    await stranger.loginAs('applicant-new');
    await stranger.get('/applications');
    const other = made.supplemented!;
    for (const path of ['information', 'proof', 'objection', `documents/${made.document}`]) {
      expect({ path, status: (await stranger.get(`/applications/${other}/${path}`)).status }).toEqual({
        path,
        status: 404,
      });
    }
    const theirs = [{ name: '_csrf', value: stranger.csrf }, file];
    expect((await send(`/applications/${asked}/information`, theirs, stranger)).status).toBe(404);
    expect((await send(`/applications/${other}/proof`, theirs, stranger)).status).toBe(404);
    expect((await stranger.post(`/applications/${made.objected}/objection`, { reason: 'x' })).status).toBe(404);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM documents WHERE application_id = $1`, [asked]))[0].n).toBe(
      0,
    );
    // The owner downloads it through the same route.
    const own = new WebClient(t.app);
    await own.loginAs(made.owner!);
    const mineToo = await own.get(`/applications/${other}/documents/${made.document}`);
    expect({ status: mineToo.status, type: mineToo.headers['content-type'] }).toEqual({
      status: 200,
      type: 'application/pdf',
    });
  }, 30_000);
});
