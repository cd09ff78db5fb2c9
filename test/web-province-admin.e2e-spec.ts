import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { euros } from '../src/features/notifications/wording';
import { checkPage, launchChromium, listen, newContext, PageCheck } from './support/browser';
import { Caller, TestApp } from './support';
import { WebClient } from './support/web-client';

/**
 * The pages of provincial staff (a programme's dashboard and milestones, the province's
 * overview) and of admins (programmes: list, new, change), in Chromium and through a
 * cookie-keeping client: the figures equal the API's report, the CSV equals the API's CSV, a
 * holder is named only with consent, a programme made through the form opens on `/`, refused
 * input comes back per field, the budget cannot drop below what is committed and spent (page
 * and API), axe finds nothing in Dutch or English, the form works by keyboard alone, and every
 * page answers each role and scope as the API does.
 */
describe('provincial and admin pages', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let programme: { code: string; name: string };
  let provincialApi: Caller;
  let admin: Caller;
  let fleur: { id: string };
  const checks: PageCheck[] = [];

  /** The tables of the page: caption, then each body row's cell texts (and the footer row's). */
  const tables = (page: Page) =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll('table')).map((table) => ({
        caption: table.caption?.textContent?.trim() ?? '',
        rows: Array.from(table.querySelectorAll('tbody tr')).map((tr) =>
          Array.from(tr.children).map((c) => (c.textContent ?? '').trim()),
        ),
        foot: Array.from(table.querySelectorAll('tfoot tr')).map((tr) =>
          Array.from(tr.children).map((c) => (c.textContent ?? '').trim()),
        ),
      })),
    );

  async function loginIn(context: BrowserContext, person: RegExp): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByRole('button', { name: person }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  /** Consent and names of the vouchers' holders, one grant each (four eyes off: one officer). */
  async function grant(officer: Caller, applicant: Record<string, unknown>) {
    const { application } = await t.newApplication(programme.code, { body: { applicant } });
    for (const action of ['review', 'grant']) {
      const reply = await officer.post(`/api/v1/applications/${application.id}/transitions`, { action });
      if (reply.status !== 200) throw new Error(`${action}: ${reply.status} ${JSON.stringify(reply.body)}`);
    }
    return application;
  }

  beforeAll(async () => {
    t = await TestApp.start();
    base = await listen(t);
    browser = await launchChromium();
    admin = await t.admin();
    // The demo provincial people: prov-ov-1 (OV) and prov-ge-1 (GE).
    provincialApi = await t.provincial('OV', 'prov-ov-1');
    programme = await t.newProgramme({
      name: 'Dashboard Vakmanschap',
      fourEyes: false,
      milestones: [1, 2, 10],
      targets: { vouchers: 20 },
      budgetCents: 10_000_000,
    });
    const officer = await t.officer([programme.code]);
    fleur = await grant(officer, { name: 'Fleur Genoemd', publicityConsent: true, gender: 'female' });
    await grant(officer, { name: 'Henk Verborgen', publicityConsent: false, gender: 'male' });
    // Five career switchers (a cell shown), two teachers (a cell of "<5").
    for (let i = 0; i < 5; i++) await t.newApplication(programme.code);
    for (let i = 0; i < 2; i++) {
      await t.newApplication(programme.code, { body: { applicant: { targetGroup: 'teacher', gender: 'female' } } });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a provincial user reads the dashboard: the tables hold the API report, the CSV is the API CSV', async () => {
    const context = await newContext(browser, true);
    const page = await loginIn(context, /^Inloggen als Ilse Ten Have/);
    await page.getByRole('link', { name: 'Provincie', exact: true }).click();
    await page.waitForURL(/\/province\/OV$/);
    checks.push(await checkPage(page));
    await page.getByRole('link', { name: programme.name }).click();
    await page.waitForURL(new RegExp(`/province/programmes/${programme.code}$`));
    checks.push(await checkPage(page));

    const api = (await provincialApi.get(`/api/v1/programmes/${programme.code}/report`)).body;
    expect(api.disclosure).toBe('small-cells-suppressed');
    const shown = await tables(page);
    const table = (caption: string) => {
      const found = shown.find((s) => s.caption === caption);
      if (!found) throw new Error(`no table "${caption}" in ${shown.map((s) => s.caption).join(', ')}`);
      return found;
    };
    const figures = (rows: string[][]) => rows.map((r) => r.slice(1));
    const splits = (items: { applications: number | string; vouchers: number | string }[]) =>
      items.map((i) => [String(i.applications), String(i.vouchers)]);

    expect(figures(table('Naar doelgroep').rows)).toEqual(splits(api.byTargetGroup));
    expect(figures(table('Naar gender').rows)).toEqual(splits(api.byGender));
    expect(figures(table('Naar soort opleiding').rows)).toEqual(splits(api.byTrainingKind));
    // Suppressed exactly as the API: "<5" where it says so, 5 shown.
    expect(table('Naar doelgroep').rows).toContainEqual(['(toekomstige) docenten', '<5', '0']);
    expect(table('Naar doelgroep').rows).toContainEqual(['zij-instromers', '7', '<5']);

    const budget = api.budget;
    expect(table('Budget').rows.map((r) => r[1])).toEqual(
      [budget.committedCents, budget.spentCents, budget.availableCents].map((c: number) => euros(c, 'nl')),
    );
    expect(table('Budget').foot[0][1]).toBe(euros(budget.totalCents, 'nl'));
    expect(figures(table('Vouchers en doel').rows)).toEqual([[String(api.vouchers.granted)], ['20'], ['10%']]);
    const months = table('Toekenningen per maand').rows;
    expect(months.slice(0, api.byGrantMonth.length).map((r) => r[1])).toEqual(
      api.byGrantMonth.map((m: { vouchers: number }) => String(m.vouchers)),
    );
    // The forecast of the next milestone (10) is drawn and listed.
    expect(api.milestones.next).toMatchObject({ threshold: 10, remaining: 8 });
    expect(months.at(-1)?.[0]).toMatch(/Verwacht: 10e voucher$/);
    expect(await page.locator('svg[role="img"]').count()).toBe(6);
    expect(await page.locator('#chart-months circle').count()).toBe(1);
    expect(figures(table('Aanvragen naar status').rows)).toEqual(
      Object.values(api.applications.byStatus).map((n) => [String(n)]),
    );
    // Each status is named as the officer's work queue names it.
    expect(table('Aanvragen naar status').rows.map((r) => r[0])).toContain('Buiten behandeling');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download het rapport (CSV)' }).click(),
    ]);
    const fromPage = readFileSync(await download.path(), 'utf8');
    const fromApi = (await provincialApi.get(`/api/v1/programmes/${programme.code}/report`, { accept: 'text/csv' }))
      .body as string;
    const withoutClock = (csv: string) => csv.replace(/,generatedAt,[^\r\n]*/, ',generatedAt,');
    expect(withoutClock(fromPage)).toBe(withoutClock(fromApi));
    expect(fromPage).toContain(`OV,${programme.code},targetGroup,teacher,applications,<5`);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^vakvoucher-report-${programme.code}-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
    );

    await page.getByRole('link', { name: 'Mijlpalen van deze regeling' }).click();
    await page.waitForURL(/\/milestones$/);
    checks.push(await checkPage(page));
    const reached = (await tables(page))[0].rows;
    // The first holder consented and is named; the second did not and is not.
    expect(reached.map((r) => [r[0], r[3]])).toEqual([
      ['1e voucher', 'Fleur Genoemd'],
      ['2e voucher', 'Niet bij naam: geen toestemming'],
    ]);
    expect(await page.content()).not.toContain('Henk Verborgen');
    // The named holder's read is logged as the API's is, under the page's route.
    const logged = await t.db.query(
      `SELECT actor_id, actor_role, application_id::text AS id FROM personal_data_access WHERE route = $1`,
      ['/province/programmes/:code/milestones'],
    );
    expect(logged).toEqual([{ actor_id: 'prov-ov-1', actor_role: 'provincial', id: fleur.id }]);
    expect(await page.getByText('De 10e voucher: nog 8 te gaan.').count()).toBe(1);
    expect(await page.getByText(/^Verwacht op \d+ \w+ \d{4}/).count()).toBe(1);
    await context.close();
  });

  it('an admin makes a programme through the form by keyboard alone; it opens on /', async () => {
    const context = await newContext(browser, true);
    const page = await loginIn(context, /^Inloggen als Anna Admin/);
    await page.goto(`${base}/admin/programmes`);
    checks.push(await checkPage(page));
    await page.goto(`${base}/admin/programmes/new`);
    checks.push(await checkPage(page));

    const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
    /** Tab (only Tab) until the field has the focus, then type over what it holds. */
    const tabTo = async (id: string, text?: string) => {
      for (let i = 0; i < 80 && (await focused()) !== id; i++) await page.keyboard.press('Tab');
      expect(await focused()).toBe(id);
      if (text !== undefined) {
        await page.keyboard.press('Control+A');
        await page.keyboard.type(text);
      }
    };
    const day = (offset: number) => {
      const d = new Date(Date.now() + offset * 86_400_000);
      return `${String(d.getUTCDate()).padStart(2, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${d.getUTCFullYear()}`;
    };
    const code = t.unique('form').slice(0, 30);
    await tabTo('p-code', code);
    await tabTo('p-name', 'Twents Vakmanschap');
    await tabTo('p-province', 'OV');
    await tabTo('p-funders', 'Provincie Overijssel');
    await page.keyboard.press('Enter');
    await page.keyboard.type('OTIB');
    await tabTo('p-budgetCents', '500000');
    await tabTo('p-minAmountCents', '1000');
    await tabTo('p-maxAmountCents', '3000');
    await tabTo('p-opensAt', day(-1));
    await tabTo('p-closesAt', day(365));
    await tabTo('p-region-postcodeRanges', '7400-7799');
    await page.keyboard.press('Enter');
    await page.keyboard.type('8000-8299');
    // Teachers off: the fifth target group's box, toggled with the space bar.
    await tabTo('p-targetGroups-5');
    await page.keyboard.press('Space');
    await tabTo('p-targets-vouchers', '100');
    await tabTo('p-milestones', '50, 100');
    await tabTo('p-reasonTexts-reject', 'U woont niet in Twente.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Geen technische opleiding.');
    await tabTo('p-reasonTexts-uphold');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Regeling aanmaken');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/programmes\?created=/);
    expect(await page.locator('.utrecht-alert').textContent()).toContain('Twents Vakmanschap');

    const made = (await t.anonymous.get(`/api/v1/programmes/${code}`)).body;
    expect(made).toMatchObject({
      name: 'Twents Vakmanschap',
      province: 'OV',
      funders: ['Provincie Overijssel', 'OTIB'],
      budgetCents: 50_000_000,
      minAmountCents: 100_000,
      maxAmountCents: 300_000,
      region: {
        postcodeRanges: [
          ['7400', '7799'],
          ['8000', '8299'],
        ],
      },
      targetGroups: ['jobseeker', 'employee', 'career-switcher', 'self-employed'],
      milestones: [50, 100],
      targets: { vouchers: 100 },
      fourEyes: true,
      informationTermDays: 14,
      reasonTexts: { reject: ['U woont niet in Twente.', 'Geen technische opleiding.'] },
    });
    await page.goto(`${base}/`);
    expect(await page.getByRole('heading', { name: 'Twents Vakmanschap' }).count()).toBe(1);
    await context.close();
  });

  it('refused input comes back per field, answers kept; the budget cannot drop below committed + spent', async () => {
    const context = await newContext(browser, true);
    const page = await loginIn(context, /^Inloggen als Anna Admin/);
    await page.goto(`${base}/admin/programmes/new`);
    await page.getByLabel('Naam', { exact: true }).fill('');
    await page.getByLabel('Code', { exact: true }).fill('Not A Code');
    await page.getByLabel('Kleinste voucher in euro').fill('3000');
    await page.getByLabel('Grootste voucher in euro').fill('1000');
    await page.getByLabel('Postcodegebieden').fill('7799-7400');
    await page.getByLabel('Open vanaf').fill('01-01-2027');
    await page.getByLabel('Open tot en met').fill('31-13-2027');
    await page.getByLabel('Budget in euro').fill('veel');
    await page.getByRole('button', { name: 'Regeling aanmaken' }).click();
    await page.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    checks.push(await checkPage(page));
    expect(await page.title()).toMatch(/^Fout: /);
    const links = await page.locator('.vv-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual([
      '#p-code',
      '#p-name',
      '#p-province',
      '#p-budgetCents',
      '#p-maxAmountCents',
      '#p-closesAt',
      '#p-region-postcodeRanges',
    ]);
    for (const href of links) expect(await page.locator(href!).count()).toBe(1);
    expect(await page.locator('#p-code').inputValue()).toBe('Not A Code');
    expect(await page.locator('#p-budgetCents').inputValue()).toBe('veel');
    expect(await page.locator('#p-region-postcodeRanges').inputValue()).toBe('7799-7400');
    await page.locator('.vv-error-summary a[href="#p-budgetCents"]').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('p-budgetCents');

    // The rest fixed, but the largest amount still below the smallest: named at maxAmountCents.
    await page.getByLabel('Code', { exact: true }).fill(t.unique('cross').slice(0, 30));
    await page.getByLabel('Naam', { exact: true }).fill('Kruis');
    await page.getByLabel('Provincie', { exact: true }).fill('OV');
    await page.getByLabel('Budget in euro').fill('1000');
    await page.getByLabel('Postcodegebieden').fill('7400-7799');
    await page.getByLabel('Open tot en met').fill('31-12-2027');
    await page.getByRole('button', { name: 'Regeling aanmaken' }).click();
    await page.getByRole('heading', { name: 'Er is een probleem' }).waitFor();
    expect(await page.locator('.vv-error-summary a').allTextContents()).toEqual([
      'Vul het grootste bedrag in euro in, niet lager dan het kleinste bedrag',
    ]);

    // The budget below what is committed (EUR 5,000) and spent: refused on the page, as by the API.
    await page.goto(`${base}/admin/programmes/${programme.code}?lang=en`);
    checks.push(await checkPage(page));
    await page.getByLabel('Budget in euros').fill('4999');
    await page.getByRole('button', { name: 'Save programme' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    checks.push(await checkPage(page));
    expect(await page.locator('.vv-error-summary a').allTextContents()).toEqual([
      'The budget cannot be less than what is already committed and spent. Enter a higher amount.',
    ]);
    expect(await page.locator('#p-budgetCents').inputValue()).toBe('4999');
    const api = await admin.patch(`/api/v1/programmes/${programme.code}`, { budgetCents: 499_999 });
    expect({ status: api.status, code: api.body.code, fields: api.body.invalidParams.map((p: any) => p.name) }).toEqual(
      { status: 422, code: 'budget-below-commitments', fields: ['budgetCents'] },
    );
    expect((await t.anonymous.get(`/api/v1/programmes/${programme.code}`)).body.budgetCents).toBe(10_000_000);
    // At the floor it is taken.
    await page.getByLabel('Budget in euros').fill('5000');
    await page.getByRole('button', { name: 'Save programme' }).click();
    await page.waitForURL(/\/admin\/programmes\?saved=/);
    expect((await t.anonymous.get(`/api/v1/programmes/${programme.code}`)).body.budgetCents).toBe(500_000);
    await context.close();
  });

  it('axe finds nothing on every page in Dutch and English', async () => {
    // The tests above checked the Dutch dashboard, overview and milestones, the admin list and
    // form (also with errors) and the English change form; here the rest.
    const pages = [
      {
        person: /^Inloggen als Ilse Ten Have/,
        paths: [
          '/province/OV?lang=en',
          `/province/programmes/${programme.code}?lang=en`,
          `/province/programmes/${programme.code}/milestones?lang=en`,
        ],
      },
      {
        person: /^Inloggen als Anna Admin/,
        paths: [
          '/province?lang=nl',
          `/admin/programmes/${programme.code}?lang=nl`,
          '/province?lang=en',
          '/admin/programmes?lang=en',
          '/admin/programmes/new?lang=en',
        ],
      },
    ];
    for (const { person, paths } of pages) {
      const context = await newContext(browser, true);
      const page = await loginIn(context, person);
      for (const path of paths) {
        await page.goto(`${base}${path}`);
        const check = await checkPage(page);
        expect(check.lang).toBe(path.slice(-2));
        checks.push(check);
      }
      await context.close();
    }
    for (const c of checks) {
      expect({ url: c.url, lang: c.lang, h1: c.h1, skipLink: c.skipLink, violations: c.violations }).toEqual({
        url: c.url,
        lang: c.lang,
        h1: 1,
        skipLink: true,
        violations: [],
      });
      expect(c.title.length).toBeGreaterThan(10);
    }
    expect(checks.length).toBe(16);
    // Every page in both languages.
    const pagesChecked = new Set(checks.map((c) => `${c.url.replace(programme.code, ':code')} ${c.lang}`));
    for (const path of [
      '/province',
      '/province/OV',
      '/province/programmes/:code',
      '/province/programmes/:code/milestones',
      '/admin/programmes',
      '/admin/programmes/new',
      '/admin/programmes/:code',
    ]) {
      for (const lang of ['nl', 'en']) expect(pagesChecked).toContain(`${path} ${lang}`);
    }
  });

  it('hostile form bodies give the form back (400) or save, never a 5xx, and change nothing when refused', async () => {
    const client = new WebClient(t.app);
    await client.loginAs('admin-1');
    await client.get('/admin/programmes/new');
    const valid: Record<string, string | string[]> = {
      code: 'hostile-ok',
      name: 'Hostile',
      province: 'OV',
      funders: 'A',
      budgetCents: '1000',
      minAmountCents: '100',
      maxAmountCents: '200',
      maxCoFundingPercent: '100',
      opensAt: '01-01-2026',
      closesAt: '31-12-2030',
      'region.postcodeRanges': '7400-7799',
      targetGroups: ['jobseeker'],
      trainingKinds: ['upskilling'],
      milestones: '',
      'targets.vouchers': '',
      fourEyes: 'yes',
      voucherValidityDays: '365',
      providerCap: '',
      informationTermDays: '14',
    };
    const hostile: Record<string, string | string[]>[] = [
      { name: ['twice', 'over'] },
      { name: 'nul\u0000byte' },
      { name: 'x'.repeat(20_000) },
      { code: '../../etc' },
      { budgetCents: '1e400' },
      { budgetCents: '-5' },
      { opensAt: '99-99-9999' },
      { closesAt: '2020-02-30' },
      { milestones: '1, 1, 2' },
      { milestones: '0, -1' },
      { 'region.postcodeRanges': '0000-9999' },
      { targetGroups: ['jobseeker', 'dragons'] },
      { trainingKinds: [] },
      { fourEyes: 'perhaps' },
      { providerCap: '0' },
      { informationTermDays: '366' },
      { 'targets.vouchers': 'alle' },
      { 'reasonTexts.reject': 'a\nb\nc\nd\ne\nf' },
      { 'reasonTexts.dismiss': 'x'.repeat(501) },
    ];
    for (const change of hostile) {
      const reply = await client.post('/admin/programmes/new', { ...valid, ...change });
      expect({ change, status: reply.status }).toEqual({ change, status: 400 });
      expect(WebClient.errorSummary(reply.body).length).toBeGreaterThan(0);
    }
    // A refused standard text is named at its own field, the summary linking to it.
    const tooMany = await client.post('/admin/programmes/new', { ...valid, 'reasonTexts.reject': 'a\nb\nc\nd\ne\nf' });
    expect(WebClient.errorSummary(tooMany.body)).toEqual([
      '#p-reasonTexts-reject Vul hoogstens 5 teksten in, één per regel, elk hoogstens 500 tekens',
    ]);
    expect(tooMany.body).toContain('id="p-reasonTexts-reject"');
    expect((await t.anonymous.get('/api/v1/programmes/hostile-ok')).status).toBe(404);
    expect((await client.post('/admin/programmes/new', valid)).status).toBe(303);
    expect((await t.anonymous.get('/api/v1/programmes/hostile-ok')).status).toBe(200);
  });

  it('every page answers each role and scope as the API does (404 out of scope, login when anonymous)', async () => {
    const code = programme.code;
    const provincePages = [
      '/province/OV',
      '/province/OV/report.csv',
      `/province/programmes/${code}`,
      `/province/programmes/${code}/report.csv`,
      `/province/programmes/${code}/milestones`,
    ];
    const adminPages = ['/admin/programmes', '/admin/programmes/new', `/admin/programmes/${code}`];
    const who = {
      anonymous: null,
      applicant: 'applicant-1',
      officer: 'officer-ov-1',
      'provincial GE': 'prov-ge-1',
      'provincial OV': 'prov-ov-1',
      admin: 'admin-1',
    } as const;
    const expected: Record<keyof typeof who, { province: number; admin: number; index: number }> = {
      anonymous: { province: 303, admin: 303, index: 303 },
      applicant: { province: 403, admin: 403, index: 403 },
      officer: { province: 403, admin: 403, index: 403 },
      'provincial GE': { province: 404, admin: 403, index: 303 },
      'provincial OV': { province: 200, admin: 403, index: 303 },
      admin: { province: 200, admin: 200, index: 200 },
    };
    const seen: Record<string, Record<string, number>> = {};
    const want: Record<string, Record<string, number>> = {};
    for (const [role, person] of Object.entries(who) as [keyof typeof who, string | null][]) {
      const client = new WebClient(t.app);
      if (person) {
        const login = await client.loginAs(person);
        // Provincial staff land on their province, admins on the programmes.
        const home = { 'prov-ge-1': '/province', 'prov-ov-1': '/province', 'admin-1': '/admin/programmes' };
        expect({ status: login.status, location: login.location }).toEqual({
          status: 303,
          location: home[person as keyof typeof home] ?? expect.any(String),
        });
      }
      seen[role] = {};
      want[role] = {};
      const note = async (path: string, status: number) => {
        const reply = await client.get(path);
        seen[role][path] = reply.status;
        want[role][path] = status;
        if (reply.status === 303 && role === 'anonymous') {
          expect(reply.location).toBe(`/login?next=${encodeURIComponent(path)}`);
        }
        if (reply.status === 404) expect(reply.body).not.toContain(programme.name);
      };
      await note('/province', expected[role].index);
      for (const path of provincePages) await note(path, expected[role].province);
      for (const path of adminPages) await note(path, expected[role].admin);
      // A programme that does not exist, for those who pass the role check.
      if (expected[role].admin === 200) await note('/admin/programmes/no-such-programme', 404);
      if (expected[role].province === 200) await note('/province/programmes/no-such-programme', 404);
      // A form post by the wrong role changes nothing.
      if (person && expected[role].admin !== 200) {
        await client.get('/');
        const post = await client.post(`/admin/programmes/${code}`, { name: 'Overgenomen' });
        seen[role]['POST edit'] = post.status;
        want[role]['POST edit'] = 403;
      }
    }
    expect(seen).toEqual(want);
    expect((await t.anonymous.get(`/api/v1/programmes/${code}`)).body.name).toBe(programme.name);
    // The same scope in the API: GE's provincial staff get 404 for OV's report.
    const ge = await t.provincial('GE', 'prov-ge-1');
    expect((await ge.get(`/api/v1/programmes/${code}/report`)).status).toBe(404);
  });
});
