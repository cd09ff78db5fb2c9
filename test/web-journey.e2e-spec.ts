import type { Browser } from 'playwright-core';
import { checkPage, launchChromium, listen, newContext, PageCheck } from './support/browser';
import { Caller, TestApp } from './support';

/**
 * The applicant's whole journey in a real Chromium: from the start page through login, the apply
 * form (a wrong answer corrected on the way), the status after officers act (through the API),
 * the mail in the local mailbox, and withdrawing — once with JavaScript and once without, one
 * run in Dutch and one in English. Every page on the way is checked with axe-core (WCAG 2.1 A
 * and AA: no violation), and for one h1, a title, lang and a skip link.
 */
describe('the applicant journey in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let programme: { code: string; name: string };
  let reviewer: Caller;
  let granter: Caller;

  beforeAll(async () => {
    t = await TestApp.start({ worker: true });
    base = await listen(t);
    browser = await launchChromium();
    programme = await t.newProgramme({ name: 'Overijssels Vakmanschap (test)' });
    reviewer = await t.officer([programme.code]);
    granter = await t.officer([programme.code]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const runs = [
    { js: true, lang: 'nl', person: 'Noor Bakker' },
    { js: false, lang: 'en', person: 'Ahmad Al Haj' },
  ] as const;

  it.each(runs)(
    'JavaScript $js, language $lang, as $person',
    async ({ js, lang, person }) => {
      const context = await newContext(browser, js);
      const page = await context.newPage();
      // axe needs script: with JavaScript off, a second page (script on) checks what this one shows.
      const checker = js ? undefined : await (await newContext(browser, true)).newPage();
      const checks: PageCheck[] = [];
      const check = async () => checks.push(await checkPage(page, checker));
      const words =
        lang === 'nl'
          ? {
              login: 'Inloggen',
              loginAs: `Inloggen als ${person}`,
              start: `Aanvraag starten voor ${programme.name}`,
              continue: 'Doorgaan',
              problem: 'Er is een probleem',
              postcodeError: 'Vul een postcode in zoals 7511 AB',
              employee: 'Ik werk in loondienst',
              reskilling: 'Omscholing: een ander technisch vak',
              noName: 'Nee, noem mijn naam niet',
              check: 'Controleer uw antwoorden',
              send: 'Aanvraag versturen',
              submitted: 'Ingediend',
              granted: 'Toegekend',
              withdraw: 'Aanvraag intrekken',
              confirm: 'Ja, aanvraag intrekken',
              withdrawn: 'Ingetrokken',
              mine: 'Mijn aanvragen',
            }
          : {
              login: 'Log in',
              loginAs: `Log in as ${person}`,
              start: `Start an application for ${programme.name}`,
              continue: 'Continue',
              problem: 'There is a problem',
              postcodeError: 'Enter a Dutch postcode like 7511 AB',
              employee: 'I am employed',
              reskilling: 'Reskilling: another technical trade',
              noName: 'No, do not mention my name',
              check: 'Check your answers',
              send: 'Send application',
              submitted: 'Submitted',
              granted: 'Granted',
              withdraw: 'Withdraw application',
              confirm: 'Yes, withdraw the application',
              withdrawn: 'Withdrawn',
              mine: 'My applications',
            };

      await page.goto(`${base}/${lang === 'en' ? '?lang=en' : ''}`);
      await check();
      await page.getByRole('link', { name: words.login, exact: true }).click();
      await check();
      await page.getByRole('button', { name: new RegExp(`^${words.loginAs}`) }).click();
      await page.waitForURL(/\/applications$/);
      await check();

      await page.goto(`${base}/`);
      await page.getByRole('link', { name: words.start }).click();
      await page.waitForURL(/\/personal$/);
      await check();
      await page.getByLabel(lang === 'nl' ? 'Uw naam' : 'Your name').fill(person);
      await page.getByLabel(lang === 'nl' ? 'Uw e-mailadres' : 'Your e-mail address').fill('noor@example.nl');
      await page.getByLabel(lang === 'nl' ? 'Uw postcode' : 'Your postcode').fill('75111');
      await page.getByLabel(lang === 'nl' ? 'Uw geboortedatum' : 'Your date of birth').fill('12-04-1990');
      await page.getByLabel(lang === 'nl' ? 'Vrouw' : 'Woman').check();
      await page.getByRole('button', { name: words.continue }).click();

      // The wrong postcode: the form comes back with an error summary linking to the field, answers kept.
      await page.getByRole('heading', { name: words.problem }).waitFor();
      await check();
      expect(await page.title()).toMatch(/^(Fout|Error): /);
      const summaryLink = page.locator('.vv-error-summary a');
      expect(await summaryLink.allTextContents()).toEqual([words.postcodeError]);
      expect(await summaryLink.getAttribute('href')).toBe('#f-applicant-postcode');
      expect(await page.getByLabel(lang === 'nl' ? 'Uw naam' : 'Your name').inputValue()).toBe(person);
      if (js) expect(await page.evaluate(() => document.activeElement?.className)).toContain('vv-error-summary');
      await page.getByLabel(lang === 'nl' ? 'Uw postcode' : 'Your postcode').fill('7511 AB');
      await page.getByRole('button', { name: words.continue }).click();

      await page.waitForURL(/\/situation$/);
      await check();
      await page.getByLabel(words.employee).check();
      await page.getByRole('button', { name: words.continue }).click();

      await page.waitForURL(/\/employer$/);
      await check();
      await page.locator('#f-employer-name').fill('Metaalbedrijf Twente BV');
      await page.locator('#f-employer-kvkNumber').fill('12345678');
      await page.locator('#f-employer-postcode').fill('7521 AA');
      await page.getByRole('button', { name: words.continue }).click();

      await page.waitForURL(/\/training$/);
      await check();
      await page.locator('#f-training-provider').fill('De Techniek Academie');
      await page.locator('#f-training-title').fill('Vakmanschaptraject Installatietechniek');
      await page.getByLabel(words.reskilling).check();
      await page.locator('#f-training-startsOn').fill('01-03-2027');
      await page.locator('#f-training-endsOn').fill('01-09-2027');
      await page.locator('#f-training-costCents').fill(lang === 'nl' ? '3.200,00' : '3,200.00');
      await page.getByRole('button', { name: words.continue }).click();

      await page.waitForURL(/\/amount$/);
      await check();
      await page.locator('#f-requestedAmountCents').fill('2500');
      await page.getByRole('button', { name: words.continue }).click();

      await page.waitForURL(/\/consent$/);
      await check();
      await page.getByLabel(words.noName).check();
      await page.getByRole('button', { name: words.continue }).click();

      await page.waitForURL(/\/check$/);
      await check();
      await page.getByRole('heading', { name: words.check }).waitFor();
      expect(await page.locator('.vv-summary').first().textContent()).toContain('7511 AB');
      await page.getByRole('button', { name: words.send }).click();

      await page.waitForURL(/\/applications\/[0-9a-f-]{36}\?sent=1$/);
      await check();
      const id = /\/applications\/([0-9a-f-]{36})/.exec(page.url())![1];
      expect(await page.locator('.vv-status').first().textContent()).toBe(words.submitted);

      // Officers act through the API; the page shows the new status and the voucher.
      await t.drain();
      const reviewed = await reviewer.post(`/api/v1/applications/${id}/transitions`, { action: 'review' });
      expect(reviewed.status).toBe(200);
      const granted = await granter.post(`/api/v1/applications/${id}/transitions`, { action: 'grant' });
      expect(granted.status).toBe(200);
      await t.drain();
      await page.goto(`${base}/applications/${id}`);
      await check();
      expect(await page.locator('.vv-status').first().textContent()).toBe(words.granted);
      expect(await page.locator('.vv-voucher-code').textContent()).toBe(granted.body.voucher.code);
      expect(await page.locator('.vv-timeline li').count()).toBe(3);

      // The mail is in the local mailbox, with an HTML part, and links to the application's page.
      await page.goto(`${base}/dev/mailbox`);
      await check();
      await page
        .getByRole('link', { name: new RegExp(granted.body.reference) })
        .first()
        .click();
      await check();
      expect(await page.locator('.vv-mail').textContent()).toContain(`/applications/${id}`);

      // The pages every footer links to.
      const footer =
        lang === 'nl' ? ['Contact', 'Privacy', 'Toegankelijkheid'] : ['Contact', 'Privacy', 'Accessibility'];
      for (const link of footer) {
        await page.getByRole('contentinfo').getByRole('link', { name: link }).click();
        await page.waitForLoadState('load');
        await check();
      }

      await page.goto(`${base}/applications/${id}`);
      await page.getByRole('link', { name: words.withdraw }).click();
      await page.waitForURL(/\/withdraw$/);
      await check();
      await page.getByRole('button', { name: words.confirm }).click();
      await page.waitForURL(/\/applications\?withdrawn=1$/);
      await check();
      expect(await page.locator('.vv-status').first().textContent()).toBe(words.withdrawn);
      const { body } = await reviewer.get(`/api/v1/applications/${id}`);
      expect(body.status).toBe('withdrawn');
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
        expect(c.title.length).toBeGreaterThan(10);
      }
      expect(checks.length).toBeGreaterThanOrEqual(19);
    },
    120_000,
  );

  it('the apply form works with the keyboard alone; after an error the focus is on the error summary', async () => {
    const context = await newContext(browser, true);
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByRole('button', { name: /^Inloggen als Fleur Jansen/ }).click();
    await page.waitForURL(/\/applications$/);
    await page.goto(`${base}/apply/${programme.code}/personal`);

    const active = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return {
          id: el?.id ?? '',
          tag: el?.tagName ?? '',
          text: el?.textContent?.trim() ?? '',
          cls: el?.className ?? '',
        };
      });
    /** Presses Tab until the focused element is the one wanted (as a keyboard user would). */
    const tabTo = async (wanted: (a: Awaited<ReturnType<typeof active>>) => boolean) => {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        if (wanted(await active())) return;
      }
      throw new Error(`Tab never reached the element; last: ${JSON.stringify(await active())}`);
    };
    const tabToId = (id: string) => tabTo((a) => a.id === id);
    const tabToButton = (text: string) => tabTo((a) => a.tag === 'BUTTON' && a.text === text);
    const type = async (id: string, text: string) => {
      await tabToId(id);
      await page.keyboard.type(text);
    };

    // The skip link comes first and takes the focus to the main content.
    await page.keyboard.press('Tab');
    expect((await active()).text).toBe('Naar de inhoud');
    await page.keyboard.press('Enter');
    expect((await active()).id).toBe('main');

    await type('f-applicant-name', 'Fleur Jansen');
    await type('f-applicant-email', 'fleur@example.nl');
    await type('f-applicant-postcode', '0000 XX');
    await type('f-applicant-dateOfBirth', '03-11-1996');
    await tabToId('f-applicant-gender');
    await page.keyboard.press('Space');
    await tabToButton('Doorgaan');
    await page.keyboard.press('Enter');

    await page.waitForLoadState('load');
    await page.locator('.vv-error-summary').waitFor();
    expect((await active()).cls).toContain('vv-error-summary');
    await page.keyboard.press('Tab');
    expect((await active()).text).toBe('Vul een postcode in zoals 7511 AB');
    await page.keyboard.press('Enter');
    expect((await active()).id).toBe('f-applicant-postcode');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('7552 CD');
    await tabToButton('Doorgaan');
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/situation$/);
    await tabToId('f-applicant-targetGroup');
    await page.keyboard.press('Space'); // the first: job seeker
    await page.keyboard.press('ArrowDown'); // employee
    await page.keyboard.press('ArrowDown'); // career switcher
    await tabToButton('Doorgaan');
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/training$/);
    await type('f-training-provider', 'ROC van Twente');
    await type('f-training-title', 'Monteur werktuigbouw BBL');
    await tabToId('f-training-kind');
    await page.keyboard.press('Space');
    await type('f-training-startsOn', '01-02-2027');
    await type('f-training-endsOn', '30-09-2027');
    await type('f-training-costCents', '5200');
    await tabToButton('Doorgaan');
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/amount$/);
    await type('f-requestedAmountCents', '2500');
    await tabToButton('Doorgaan');
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/consent$/);
    await tabToId('f-applicant-publicityConsent');
    await page.keyboard.press('Space');
    await tabToButton('Doorgaan');
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/check$/);
    await tabToButton('Aanvraag versturen');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/applications\/[0-9a-f-]{36}\?sent=1$/);
    const id = /\/applications\/([0-9a-f-]{36})/.exec(page.url())![1];
    const [row] = await t.db.query(`SELECT applicant, training FROM applications WHERE id = $1`, [id]);
    expect(row.applicant).toMatchObject({
      postcode: '7552 CD',
      targetGroup: 'career-switcher',
      gender: 'female',
      publicityConsent: true,
    });
    expect(row.training).toMatchObject({ kind: 'upskilling', costCents: 520_000, endsOn: '2027-09-30' });
    await context.close();
  }, 120_000);
});
