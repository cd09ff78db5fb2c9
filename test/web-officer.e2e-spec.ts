import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkPage, launchChromium, listen, newContext, PageCheck } from './support/browser';
import { Caller, samplePdf, TestApp } from './support';
import { WebClient } from './support/web-client';
import { LotteryService } from '../src/features/allocation/lottery.service';
import { OfficerQueue } from '../src/features/applications/officer-queue';
import type { Actor } from '../src/platform/kernel/actor';

/**
 * The fund officer's pages in a real Chromium: the work queue and one application, each step
 * of the lifecycle an officer takes through its form (review by one officer, grant by another,
 * reject, information request, objection, completion), bulk review, a stale form, a
 * keyboard-only grant, axe-core on every officer page in Dutch and English, and who may open
 * which page. Demo people log in through the login page: Olga and Bram (officers of ov-2026),
 * Gerda (ge-2026), Ilse (province), Ahmad (applicant).
 */
describe('the officer pages', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let apiOfficer: Caller;
  const checks: PageCheck[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await TestApp.start();
    base = await listen(t);
    browser = await launchChromium();
    await t.newProgramme({ code: 'ov-2026', name: 'Overijssels Vakmanschap (test)' });
    await t.newProgramme({ code: 'ge-2026', name: 'Gelders Vakmanschap (test)', province: 'GE' });
    apiOfficer = await t.officer(['ov-2026'], 'officer-ov-api');
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  /** A browser page logged in as a demo person, in `lang`. */
  async function loggedIn(person: string, lang: 'nl' | 'en' = 'nl'): Promise<Page> {
    const context = await newContext(browser, true);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/login${lang === 'en' ? '?lang=en' : ''}`);
    await page.getByRole('button', { name: new RegExp(`^(Inloggen als|Log in as) ${person}`) }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    return page;
  }

  const check = async (page: Page) => {
    const result = await checkPage(page);
    checks.push(result);
    expect({ url: result.url, violations: result.violations }).toEqual({ url: result.url, violations: [] });
    expect({ url: result.url, h1: result.h1, skip: result.skipLink }).toEqual({ url: result.url, h1: 1, skip: true });
    return result;
  };

  const status = (page: Page) => page.locator('.vv-status').first().textContent();

  it('officer A reviews from the queue; officer B grants it; A sees no grant button and why', async () => {
    const { application } = await t.newApplication('ov-2026');
    await t.db.query(`UPDATE applications SET eligibility = $2 WHERE id = $1`, [
      application.id,
      {
        status: 'passed',
        checkedAt: new Date().toISOString(),
        checks: [
          { rule: 'region', outcome: 'pass', message: 'Postcode in het gebied.', messageEn: 'Postcode in the region.' },
          { rule: 'age', outcome: 'warn', message: 'Bijna AOW-leeftijd.', messageEn: 'Close to pension age.' },
        ],
      },
    ]);
    const olga = await loggedIn('Olga Oosterhof');
    expect(new URL(olga.url()).pathname).toBe('/officer');
    await check(olga);
    await olga.getByRole('link', { name: application.reference }).click();
    await olga.waitForURL(/\/officer\/applications\//);
    await check(olga);
    const rows = await olga
      .locator('#eligibility + table tbody tr, section[aria-labelledby=eligibility] tbody tr')
      .allTextContents();
    expect(rows).toEqual([
      'Woonplaats in het gebiedVoldoetPostcode in het gebied.',
      'LeeftijdLet opBijna AOW-leeftijd.',
    ]);
    await olga.getByRole('button', { name: 'Aanvraag beoordelen' }).click();
    await olga.getByText('U hebt de aanvraag beoordeeld.').waitFor();
    expect(await status(olga)).toBe('Beoordeeld');
    expect(await olga.getByRole('button', { name: 'Voucher toekennen' }).count()).toBe(0);
    await olga.getByText('U hebt deze aanvraag beoordeeld; een collega kent haar toe (vier ogen).').waitFor();
    await check(olga);

    // Bram (in English) finds it under "to grant" and grants it with the keyboard only.
    const bram = await loggedIn('Bram Bosman', 'en');
    await bram.getByRole('link', { name: /^To grant/ }).click();
    await check(bram);
    await bram.getByRole('link', { name: application.reference }).click();
    await bram.waitForURL(/\/officer\/applications\//);
    await check(bram);
    expect(await bram.locator('#f-grant-amount').inputValue()).toBe('2500');
    await bram.getByText('Between €1,000.00 and €3,000.00.').waitFor();
    let focused = '';
    for (let i = 0; i < 80 && focused !== 'Grant voucher'; i++) {
      await bram.keyboard.press('Tab');
      focused = await bram.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    }
    expect(focused).toBe('Grant voucher');
    await bram.keyboard.press('Enter');
    await bram.getByText('You granted the voucher.').waitFor();
    expect(await status(bram)).toBe('Granted');
    const history = await bram.locator('.vv-timeline li').allTextContents();
    expect(history.map((h) => h.replace(/^.*?: /, ''))).toEqual([
      'Submitted (by the applicant)',
      'Reviewed: Submitted → Reviewed (by officer officer-ov-1)',
      'Granted: Reviewed → Granted (you)',
    ]);
  });

  it('rejects with a reason picked from the standard texts and edited; an empty reason gets an error summary', async () => {
    const { application, applicant } = await t.newApplication('ov-2026');
    const olga = await loggedIn('Olga Oosterhof');
    await olga.goto(`${base}/officer/applications/${application.id}`);
    await olga.getByRole('button', { name: 'Aanvraag afwijzen' }).click();
    await olga.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    await check(olga);
    expect(await olga.title()).toMatch(/^Fout: /);
    expect(await olga.locator('.vv-error-summary a').allTextContents()).toEqual([
      'Vul een reden in (hoogstens 2000 tekens)',
    ]);
    await olga.getByRole('link', { name: 'Gebruik: U woont niet in het gebied van de regeling.' }).click();
    const reason = olga.locator('#f-reject-reason');
    expect(await reason.inputValue()).toBe('U woont niet in het gebied van de regeling.');
    await reason.fill('U woont niet in het gebied van de regeling (postcode 1011).');
    await olga.getByRole('button', { name: 'Aanvraag afwijzen' }).click();
    await olga.getByText('U hebt de aanvraag afgewezen.').waitFor();
    expect(await status(olga)).toBe('Afgewezen');
    const seen = await applicant.get(`/api/v1/applications/${application.id}`);
    expect(seen.body.decision.reason).toBe('U woont niet in het gebied van de regeling (postcode 1011).');
  });

  it("offers the programme's own standard texts, which an admin set through the form; the officer picks one, edits it, rejects", async () => {
    const ours = ['Uw opleiding staat niet op de lijst van de regeling.', 'U woont buiten Overijssel.'];
    const anna = await loggedIn('Anna Admin');
    await anna.goto(`${base}/admin/programmes/ov-2026`);
    await anna.getByLabel('Afwijzen', { exact: true }).fill(`${ours[0]}\n\n${ours[1]}\n`);
    await anna.getByRole('button', { name: 'Regeling opslaan' }).click();
    await anna.waitForURL(/\/admin\/programmes\?saved=ov-2026/);
    const admin = await t.admin();
    try {
      expect((await t.anonymous.get('/api/v1/programmes/ov-2026')).body.reasonTexts.reject).toEqual(ours);
      const { application, applicant } = await t.newApplication('ov-2026');
      const olga = await loggedIn('Olga Oosterhof');
      await olga.goto(`${base}/officer/applications/${application.id}`);
      await check(olga);
      expect(await olga.locator('a[href*="use=reject."]').allTextContents()).toEqual(ours.map((o) => `Gebruik: ${o}`));
      await olga.getByRole('link', { name: `Gebruik: ${ours[1]}` }).click();
      const reason = olga.locator('#f-reject-reason');
      expect(await reason.inputValue()).toBe(ours[1]);
      await reason.fill('U woont buiten Overijssel (postcode 1011).');
      await olga.getByRole('button', { name: 'Aanvraag afwijzen' }).click();
      await olga.getByText('U hebt de aanvraag afgewezen.').waitFor();
      const seen = await applicant.get(`/api/v1/applications/${application.id}`);
      expect(seen.body.decision.reason).toBe('U woont buiten Overijssel (postcode 1011).');
    } finally {
      // The other tests here read the default texts.
      expect((await admin.patch('/api/v1/programmes/ov-2026', { reasonTexts: {} })).status).toBe(200);
    }
  });

  it('requests information through the page; the applicant answers in their own browser session and it is back to review', async () => {
    const applicant = await t.as({ sub: 'applicant-6', role: 'applicant', email: 'lotte@example.nl' });
    const { application } = await t.newApplication('ov-2026', { applicant });
    const olga = await loggedIn('Olga Oosterhof');
    await olga.goto(`${base}/officer/applications/${application.id}`);
    await olga.getByText(/De aanvrager heeft 14 dagen, tot en met/).waitFor();
    await olga.locator('#f-request-information-reason').fill('Stuur de offerte van de opleider mee.');
    await olga.getByRole('button', { name: 'Informatie vragen' }).click();
    await olga.getByText('U hebt om informatie gevraagd.').waitFor();
    expect(await status(olga)).toBe('Informatie gevraagd');
    await olga.getByText('Stuur de offerte van de opleider mee.').first().waitFor();
    // Not considering waits for the term: the button is missing and the page says why.
    expect(await olga.getByRole('button', { name: 'Buiten behandeling stellen' }).count()).toBe(0);
    await olga.getByText(/Buiten behandeling stellen kan pas na de termijn/).waitFor();
    await olga.goto(`${base}/officer?view=information`);
    await olga.getByRole('link', { name: application.reference }).waitFor();
    await check(olga);

    // The applicant answers on their own page, in their own browser session.
    const lotte = await loggedIn('Lotte Bakker');
    await lotte.goto(`${base}/applications/${application.id}/information`);
    await lotte.locator('#f-answer').fill('De offerte zit in de bijlage.');
    await lotte.getByRole('button', { name: 'Antwoord versturen' }).click();
    await lotte.waitForURL(/\?done=supplemented$/);
    await t.passEligibility(application.id);
    await olga.goto(`${base}/officer/applications/${application.id}`);
    expect(await status(olga)).toBe('Ingediend');
    await olga.getByText('Reden: De offerte zit in de bijlage.').waitFor();
  });

  it('an objection is decided by an officer who did not take the decision', async () => {
    const { application, applicant } = await t.newApplication('ov-2026');
    const olga = await loggedIn('Olga Oosterhof');
    await olga.goto(`${base}/officer/applications/${application.id}`);
    await olga.locator('#f-reject-reason').fill('De opleiding is geen technische opleiding.');
    await olga.getByRole('button', { name: 'Aanvraag afwijzen' }).click();
    await olga.getByText('U hebt de aanvraag afgewezen.').waitFor();
    const objected = await applicant.post(`/api/v1/applications/${application.id}/transitions`, {
      action: 'object',
      reason: 'Het is wel een technische opleiding: installatietechniek.',
    });
    expect(objected.status).toBe(200);

    await olga.goto(`${base}/officer/applications/${application.id}`);
    expect(await status(olga)).toBe('Bezwaar');
    expect(await olga.getByRole('button', { name: /Bezwaar (on)?gegrond verklaren/ }).count()).toBe(0);
    await olga
      .getByText('U nam het besluit waartegen bezwaar is gemaakt; een collega beslist op het bezwaar.')
      .waitFor();

    const bram = await loggedIn('Bram Bosman');
    await bram.goto(`${base}/officer?view=objections`);
    await bram.getByRole('link', { name: application.reference }).click();
    await bram.waitForURL(/\/officer\/applications\//);
    await bram.getByText('Het is wel een technische opleiding: installatietechniek.', { exact: true }).waitFor();
    await bram.locator('#f-dismiss-reason').fill('De opleiding leidt niet tot technisch werk.');
    await bram.getByRole('button', { name: 'Bezwaar ongegrond verklaren' }).click();
    await bram.getByText('U hebt het bezwaar ongegrond verklaard.').waitFor();
    expect(await status(bram)).toBe('Afgewezen');
  });

  it('reviews several applications whose check passed in one go, each reported', async () => {
    const passed = [await t.newApplication('ov-2026'), await t.newApplication('ov-2026')];
    const failed = await t.newApplication('ov-2026', { eligibility: 'pending' });
    await t.db.query(`UPDATE applications SET eligibility = $2 WHERE id = $1`, [
      failed.application.id,
      { status: 'failed', checkedAt: new Date().toISOString(), checks: [] },
    ]);
    const olga = await loggedIn('Olga Oosterhof');
    await olga.goto(`${base}/officer?view=to-review`);
    // No box for the one whose check failed: review it on its own page.
    expect(await olga.getByLabel(`Kies ${failed.application.reference}`).count()).toBe(0);
    for (const { application } of passed) await olga.getByLabel(`Kies ${application.reference}`).check();
    await olga.getByRole('button', { name: 'Gekozen aanvragen beoordelen' }).click();
    await olga.getByRole('heading', { name: 'Resultaat van het beoordelen' }).waitFor();
    await check(olga);
    const lines = await olga.locator('main li').allTextContents();
    expect(lines).toEqual(passed.map(({ application }) => `${application.reference}: Beoordeeld`));
    for (const { application } of passed) {
      const current = await apiOfficer.get(`/api/v1/applications/${application.id}`);
      expect(current.body.status).toBe('reviewed');
    }
  });

  it('bulk review reports one changed meanwhile and one whose check failed, without failing the others', async () => {
    const fresh = await t.newApplication('ov-2026');
    const changed = await t.newApplication('ov-2026');
    const failed = await t.newApplication('ov-2026', { eligibility: 'pending' });
    await t.db.query(`UPDATE applications SET eligibility = $2 WHERE id = $1`, [
      failed.application.id,
      { status: 'failed', checkedAt: new Date().toISOString(), checks: [] },
    ]);
    const seenVersion = changed.application.version;
    await apiOfficer.post(`/api/v1/applications/${changed.application.id}/transitions`, {
      action: 'request-information',
      reason: 'Welke opleider?',
    });
    const client = new WebClient(t.app);
    await client.loginAs('officer-ov-1');
    // A box only where bulk review takes it and the lifecycle allows a review (not the failed or changed one).
    const queue = (await client.get('/officer?view=all')).body;
    const boxes = [fresh, changed, failed].map(({ application }) => queue.includes(`id="select-${application.id}"`));
    expect(boxes).toEqual([true, false, false]);
    const reply = await client.post('/officer/bulk-review', {
      selected: [
        `${fresh.application.id}.${fresh.application.version}`,
        `${changed.application.id}.${seenVersion}`,
        `${failed.application.id}.${failed.application.version}`,
      ],
    });
    expect(reply.status).toBe(200);
    const text = reply.body.replace(/<[^>]+>/g, '');
    expect(text).toContain(`${fresh.application.reference}: Beoordeeld`);
    expect(text).toContain(
      `${changed.application.reference}: Niet beoordeeld: De aanvraag is veranderd sinds u de pagina opende.`,
    );
    expect(text).toContain(
      `${failed.application.reference}: Niet beoordeeld: de controle op de voorwaarden is niet goed doorlopen`,
    );
  });

  it('a stale form (a colleague granted meanwhile) brings the page back with the current state and a message', async () => {
    const { application } = await t.reviewedApplication('ov-2026', apiOfficer);
    const olga = await loggedIn('Olga Oosterhof');
    await olga.goto(`${base}/officer/applications/${application.id}`);
    const bram = await loggedIn('Bram Bosman');
    await bram.goto(`${base}/officer/applications/${application.id}`);
    await bram.getByRole('button', { name: 'Voucher toekennen' }).click();
    await bram.getByText('U hebt de voucher toegekend.').waitFor();

    await olga.locator('#f-reject-reason').fill('Te laat besloten.');
    const [answer] = await Promise.all([
      olga.waitForResponse((r) => r.request().method() === 'POST'),
      olga.getByRole('button', { name: 'Aanvraag afwijzen' }).click(),
    ]);
    expect(answer.status()).toBe(409);
    await olga.getByText(/Iemand anders heeft deze aanvraag net gewijzigd/).waitFor();
    expect(await status(olga)).toBe('Toegekend');
    expect(await olga.getByRole('button', { name: 'Aanvraag afwijzen' }).count()).toBe(0);
    await check(olga);
  });

  it('completes a granted application once its proof is clean; the document opens through the page', async () => {
    const { application, applicant } = await t.reviewedApplication('ov-2026', apiOfficer);
    const bram = await loggedIn('Bram Bosman');
    await bram.goto(`${base}/officer/applications/${application.id}`);
    await bram.getByRole('button', { name: 'Voucher toekennen' }).click();
    await bram.getByText('U hebt de voucher toegekend.').waitFor();
    await bram.getByText('Afronden kan zodra er een gescand bewijs van afronding is.').waitFor();
    await bram.goto(`${base}/officer?view=awaiting-proof`);
    await bram.getByRole('link', { name: application.reference }).waitFor();
    await t.uploadDocument(applicant, application.id, { fileName: 'diploma.pdf' });
    await bram.goto(`${base}/officer/applications/${application.id}`);
    const link = bram.getByRole('link', { name: 'Open diploma.pdf' });
    const href = await link.getAttribute('href');
    const download = await bram.request.get(`${base}${href}`);
    expect(download.status()).toBe(200);
    expect(download.headers()).toMatchObject({
      'x-content-type-options': 'nosniff',
      'content-disposition': `attachment; filename="diploma.pdf"; filename*=UTF-8''diploma.pdf`,
    });
    expect(Buffer.from(await download.body()).equals(samplePdf())).toBe(true);
    await bram.locator('#f-complete-reason').fill('Diploma gezien.');
    await bram.getByRole('button', { name: 'Opleiding afgerond' }).click();
    await bram.getByText('U hebt de opleiding als afgerond vastgelegd.').waitFor();
    expect(await status(bram)).toBe('Afgerond');
  });

  it('passes axe on every officer page in English too (queue views, application with errors, bulk result)', async () => {
    const { application } = await t.newApplication('ov-2026');
    const olga = await loggedIn('Olga Oosterhof', 'en');
    for (const view of ['to-review', 'to-grant', 'information', 'objections', 'awaiting-proof', 'all']) {
      await olga.goto(`${base}/officer?view=${view}`);
      const result = await check(olga);
      expect(result.lang).toBe('en');
    }
    await olga.goto(`${base}/officer/applications/${application.id}`);
    await olga.getByRole('button', { name: 'Reject application' }).click();
    await olga.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await check(olga);
    await olga.goto(`${base}/officer?view=to-review`);
    await olga.getByLabel(`Select ${application.reference}`).check();
    await olga.getByRole('button', { name: 'Review the selected applications' }).click();
    await olga.getByRole('heading', { name: 'Result of the review' }).waitFor();
    await check(olga);
    // In Dutch the remaining views (the others were checked above on the way).
    await olga.goto(`${base}/officer?view=all&lang=nl`);
    await check(olga);
    expect(checks.every((c) => c.violations.length === 0)).toBe(true);
  });

  it('downloads the filtered list as CSV, and logs the read of the personal data', async () => {
    const { application } = await t.newApplication('ov-2026', {
      body: { applicant: { name: '=Zoë de Boer, "ZZP"' } },
    });
    const client = new WebClient(t.app);
    await client.loginAs('officer-ov-1');
    const reply = await client.get(`/officer/queue.csv?view=all&q=${encodeURIComponent('zoë')}`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(reply.headers['content-disposition']).toMatch(
      /^attachment; filename="vakvoucher-queue-all-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = reply.body.trimEnd().split('\r\n');
    expect(lines).toEqual([
      'reference,programme,status,eligibility,name,requested_eur,granted_eur,submitted_at,due_on',
      `${application.reference},ov-2026,submitted,passed,"'=Zoë de Boer, ""ZZP""",2500.00,,${application.submittedAt},`,
    ]);
    const logged = await t.db.query(
      `SELECT actor_id, route FROM personal_data_access WHERE application_id = $1 AND route = '/officer/queue.csv'`,
      [application.id],
    );
    expect(logged).toEqual([{ actor_id: 'officer-ov-1', route: '/officer/queue.csv' }]);

    // Search by reference, and pages that link to the next one (keyset, no offset).
    const byReference = await client.get(`/officer?view=all&q=${application.reference.toLowerCase()}`);
    expect(byReference.body).toContain(`>${application.reference}</a>`);
    expect((byReference.body.match(/\/officer\/applications\/[0-9a-f-]{36}"/g) ?? []).length).toBe(1);
  });

  it('gives a form back with an error summary for a refused amount, a long reason or an odd action; never a 5xx', async () => {
    const { application } = await t.reviewedApplication('ov-2026', apiOfficer);
    const client = new WebClient(t.app);
    await client.loginAs('officer-ov-1');
    const url = `/officer/applications/${application.id}`;
    await client.get(url);
    const version = String(application.version);
    const tooMuch = await client.post(url, { action: 'grant', amount: '9.999,00', version });
    expect(tooMuch.status).toBe(422);
    expect(WebClient.errorSummary(tooMuch.body.replace(/\u00a0/g, ' '))).toEqual([
      '#f-grant-amount Het bedrag moet tussen € 1.000,00 en € 3.000,00 liggen',
    ]);
    expect(tooMuch.body).toContain('value="9.999,00"');
    // Above the page's old cap but within what the API takes: the lifecycle's range, as above.
    const millions = await client.post(url, { action: 'grant', amount: '2.000.000,00', version });
    expect(millions.status).toBe(422);
    const notMoney = await client.post(url, { action: 'grant', amount: 'veel', version });
    expect(notMoney.status).toBe(400);
    expect(WebClient.errorSummary(notMoney.body)).toEqual([
      '#f-grant-amount Vul een bedrag in euro’s in, bijvoorbeeld 2500',
    ]);
    const long = await client.post(url, { action: 'reject', reason: 'x'.repeat(2001), version });
    expect(long.status).toBe(400);
    expect(WebClient.errorSummary(long.body)).toEqual([
      '#f-reject-reason De reden mag hoogstens 2000 tekens lang zijn',
    ]);
    for (const action of ['submit', 'explode', '']) {
      const odd = await client.post(url, { action, version });
      expect({ action, status: odd.status }).toEqual({ action, status: 400 });
    }
    const other = await client.post(url, { action: 'withdraw', version });
    expect(other.status).toBe(403);
    const current = await apiOfficer.get(`/api/v1/applications/${application.id}`);
    expect(current.body.status).toBe('reviewed');
  });

  it('pages through the queue with cursor links in rank order', async () => {
    // Sixty more at the same moment: the order among them is the id's, and no page repeats or skips one.
    await t.db.query(
      `INSERT INTO applications (reference, programme_id, programme_code, owner_id, status, version, applicant, training,
         requested_amount_cents, eligibility, submitted_at, updated_at)
       SELECT 'OV-2026-' || lpad(nextval('application_reference_seq')::text, 6, '0'), programme_id, programme_code,
         owner_id || '-' || g, status, version, applicant, training, requested_amount_cents, eligibility, now(), now()
       FROM applications, generate_series(1, 60) AS g
       WHERE id = (SELECT id FROM applications WHERE programme_code = 'ov-2026' ORDER BY submitted_at LIMIT 1)`,
    );
    const expected = // These sixty have no rank (inserted without one), so they come after the ranked ones.
      (
        await t.db.query(
          `SELECT reference FROM applications WHERE programme_code = 'ov-2026' ORDER BY rank NULLS LAST, submitted_at, id`,
        )
      ).map((r: { reference: string }) => r.reference);
    const client = new WebClient(t.app);
    await client.loginAs('officer-ov-1');
    const seen: string[] = [];
    let pages = 0;
    let url: string | null = '/officer?view=all';
    while (url && pages++ < 10) {
      const page = await client.get(url);
      const links = page.body.matchAll(/<a [^>]*href="\/officer\/applications\/[^"]+">([A-Z]{2}-\d{4}-\d+)<\/a>/g);
      seen.push(...[...links].map((m) => m[1]));
      const next = /<a [^>]*href="([^"]+)">Volgende pagina<\/a>/.exec(page.body);
      url = next ? next[1].replace(/&amp;/g, '&') : null;
    }
    expect(pages).toBeGreaterThan(1);
    expect(seen).toEqual(expected);
    // Tampered cursors of the right shape (rank, moment, id): a 400 page, not a failing query.
    for (const place of [
      [1, '2026-13-45 99:99:99+00', '00000000-0000-4000-8000-000000000000'],
      [2 ** 31, '2026-11-21 05:38:46.529113+00', '00000000-0000-4000-8000-000000000000'],
      [1.5, '2026-11-21 05:38:46.529113+00', '00000000-0000-4000-8000-000000000000'],
      ['2026-11-21 05:38:46.529113+00', '00000000-0000-4000-8000-000000000000'],
    ]) {
      const tampered = Buffer.from(JSON.stringify(place)).toString('base64url');
      const reply = await client.get(`/officer?view=all&cursor=${tampered}`);
      expect({ place, status: reply.status }).toEqual({ place, status: 400 });
    }
  });

  it('orders by rank: a drawn lottery day in its drawn order, an undrawn day after it in submission order, across programmes and pages', async () => {
    const lottery = t.app.get(LotteryService);
    const queue = t.app.get(OfficerQueue);
    const lotteryCode = (await t.newProgramme({ allocation: 'daily-lottery' })).code;
    const firstComeCode = (await t.newProgramme()).code;
    const submit = async (code: string, n: number) => {
      const references: string[] = [];
      for (let i = 0; i < n; i++) references.push((await t.newApplication(code)).application.reference);
      return references;
    };
    // Yesterday's applications (moved back a day), drawn by the scheduled run of today; today's are not drawn yet.
    const yesterday = await submit(lotteryCode, 8);
    await t.db.query(
      `UPDATE applications SET submitted_at = submitted_at - interval '1 day' WHERE reference = ANY($1)`,
      [yesterday],
    );
    const programme = await lottery.programme(lotteryCode);
    const [day] = await lottery.draw(programme);
    const drawn: string[] = (await t.anonymous.get(`/api/v1/programmes/${lotteryCode}/lottery`)).body.days.find(
      (d: { day: string }) => d.day === day,
    ).references;
    expect(new Set(drawn)).toEqual(new Set(yesterday));
    expect(drawn).not.toEqual(yesterday); // the draw reorders them (it keeps the order once in 40,320 draws)
    const today: string[] = [];
    for (const code of [lotteryCode, firstComeCode, lotteryCode, firstComeCode, lotteryCode])
      today.push(...(await submit(code, 1)));
    const ranks = await t.db.query(`SELECT reference, rank FROM applications WHERE programme_code = ANY($1)`, [
      [lotteryCode, firstComeCode],
    ]);
    const rankOf = new Map(ranks.map((r: { reference: string; rank: number | null }) => [r.reference, r.rank]));
    expect(today.map((r) => rankOf.get(r))).toEqual([null, 1, null, 2, null]);

    // One programme: the drawn order, then today's in submission order, on the page and in the CSV.
    const alone = [...drawn, ...today.filter((r) => rankOf.get(r) === null)];
    const client = new WebClient(t.app);
    await client.loginAs('admin-1');
    const page = await client.get(`/officer?view=all&programme=${lotteryCode}`);
    const links = [...page.body.matchAll(/<a [^>]*href="\/officer\/applications\/[^"]+">([A-Z]{2}-\d{4}-\d+)<\/a>/g)];
    expect(links.map((m) => m[1])).toEqual(alone);
    const csv = await client.get(`/officer/queue.csv?view=to-review&programme=${lotteryCode}`);
    expect(
      String(csv.body)
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[0]),
    ).toEqual(alone);

    // Both programmes merged, by rank (an equal rank by submission: yesterday's first), the unranked
    // last: the same on pages of any size, each boundary on a page's edge once.
    const both = [drawn[0], today[1], drawn[1], today[3], ...drawn.slice(2), today[0], today[2], today[4]];
    expect(both.map((r) => rankOf.get(r))).toEqual([1, 1, 2, 2, 3, 4, 5, 6, 7, 8, null, null, null]);
    const officer: Actor = {
      id: 'officer-rank',
      role: 'officer',
      programmes: [lotteryCode, firstComeCode],
      province: null,
      name: null,
      email: null,
    };
    for (const view of ['all', 'to-review'] as const) {
      for (let limit = 1; limit <= both.length + 1; limit++) {
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let pages = 0; pages <= both.length; pages++) {
          const result = await queue.page(officer, { view, cursor, limit }, '/test', false);
          seen.push(...result.items.map((r) => r.reference));
          if (!result.nextCursor) break;
          cursor = result.nextCursor;
        }
        expect({ view, limit, seen }).toEqual({ view, limit, seen: both });
      }
    }
  });

  describe('who may open which page', () => {
    let application: { id: string; version: number; reference: string };
    let documentId: string;
    beforeAll(async () => {
      const made = await t.reviewedApplication('ov-2026', apiOfficer);
      application = made.application;
      documentId = (await t.uploadDocument(made.applicant, application.id)).id;
    });

    const pages = () => [
      { method: 'GET' as const, url: '/officer' },
      { method: 'GET' as const, url: '/officer/queue.csv' },
      { method: 'GET' as const, url: `/officer/applications/${application.id}` },
      { method: 'GET' as const, url: `/officer/applications/${application.id}/documents/${documentId}` },
      { method: 'POST' as const, url: `/officer/applications/${application.id}` },
      { method: 'POST' as const, url: '/officer/bulk-review' },
    ];
    const fields = () => ({
      action: 'grant',
      amount: '2500',
      version: String(application.version),
      selected: `${application.id}.${application.version}`,
    });

    it('sends anonymous visitors to log in', async () => {
      const client = new WebClient(t.app);
      for (const p of pages().filter((p) => p.method === 'GET')) {
        const reply = await client.get(p.url);
        expect({ url: p.url, status: reply.status, location: reply.location }).toEqual({
          url: p.url,
          status: 303,
          location: `/login?next=${encodeURIComponent(p.url)}`,
        });
      }
    });

    it.each([
      ['an applicant', 'applicant-1'],
      ['provincial staff', 'prov-ov-1'],
    ])('refuses %s every officer page (403)', async (_who, person) => {
      const client = new WebClient(t.app);
      await client.loginAs(person);
      await client.get('/');
      for (const p of pages()) {
        const reply = p.method === 'GET' ? await client.get(p.url) : await client.post(p.url, fields());
        expect({ url: p.url, status: reply.status }).toEqual({ url: p.url, status: 403 });
      }
    });

    it("shows an officer of another programme none of it: 404 for the application's pages, nothing in the queue", async () => {
      const client = new WebClient(t.app);
      await client.loginAs('officer-ge-1');
      const queue = await client.get('/officer?view=all');
      expect(queue.status).toBe(200);
      expect(queue.body).not.toContain(application.id);
      const csv = await client.get('/officer/queue.csv?view=all');
      expect(csv.body.trimEnd().split('\r\n')).toHaveLength(1);
      for (const p of pages().filter((p) => p.url.includes(application.id))) {
        const reply = p.method === 'GET' ? await client.get(p.url) : await client.post(p.url, fields());
        expect({ url: p.url, status: reply.status }).toEqual({ url: p.url, status: 404 });
      }
      const bulk = await client.post('/officer/bulk-review', { selected: `${application.id}.${application.version}` });
      expect(bulk.body).toContain('deze aanvraag bestaat niet of u mag haar niet zien');
      const current = await apiOfficer.get(`/api/v1/applications/${application.id}`);
      expect(current.body.status).toBe('reviewed');
    });

    it('lets an admin read the queue and the application, without action buttons', async () => {
      const client = new WebClient(t.app);
      await client.loginAs('admin-1');
      const found = await client.get(`/officer?view=all&q=${application.reference}`);
      expect(found.body).toContain(`/officer/applications/${application.id}`);
      const one = await client.get(`/officer/applications/${application.id}`);
      expect(one.status).toBe(200);
      expect(one.body).not.toContain('name="action"');
      expect(one.body).toContain('U kunt nu niets met deze aanvraag doen.');
    });
  });
  it('lists an officer\'s own review under "to grant" when the programme has no four-eyes rule', async () => {
    const admin = await t.admin();
    expect((await admin.patch('/api/v1/programmes/ge-2026', { fourEyes: false })).status).toBe(200);
    const gerda = await t.officer(['ge-2026'], 'officer-ge-1');
    const { application } = await t.reviewedApplication('ge-2026', gerda);
    const client = new WebClient(t.app);
    await client.loginAs('officer-ge-1');
    expect((await client.get('/officer?view=to-grant')).body).toContain(`>${application.reference}</a>`);
  });
});
