import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, Page } from 'playwright-core';

/**
 * Screenshots of the main pages (Dutch) for docs/screenshots, taken with Debian's Chromium from a
 * running `npm start` (the demo data): npx ts-node --transpile-only scripts/screenshots.ts
 * [http://localhost:3000] [docs/screenshots]
 */
async function main() {
  const base = process.argv[2] ?? 'http://localhost:3000';
  const out = process.argv[3] ?? join(__dirname, '..', 'docs', 'screenshots');
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const shoot = async (page: Page, name: string) => {
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
    console.log(`${name}.png  ${new URL(page.url()).pathname}`);
  };
  const as = async (person: string) => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'nl-NL' });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByRole('button', { name: new RegExp(`^Inloggen als ${person}`) }).click();
    await page.waitForLoadState('load');
    return page;
  };

  const visitor = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
  await visitor.goto(`${base}/`);
  await shoot(visitor, '01-start');
  await visitor.goto(`${base}/login`);
  await shoot(visitor, '02-login');

  const noor = await as('Noor Bakker');
  await noor.goto(`${base}/apply/ov-2026/personal`);
  await noor.getByLabel('Uw naam').fill('Noor Bakker');
  await noor.getByLabel('Uw e-mailadres').fill('noor@example');
  await noor.getByLabel('Uw postcode').fill('75111');
  await noor.getByRole('button', { name: 'Doorgaan' }).click();
  await noor.locator('.vv-error-summary').waitFor();
  await shoot(noor, '03-apply-errors');
  await noor.getByLabel('Uw e-mailadres').fill('noor@example.nl');
  await noor.getByLabel('Uw postcode').fill('7511 AB');
  await noor.getByLabel('Uw geboortedatum').fill('12-04-1990');
  await noor.getByLabel('Vrouw').check();
  await noor.getByRole('button', { name: 'Doorgaan' }).click();
  await noor.getByLabel('Ik wil overstappen naar de techniek (zij-instromer)').check();
  await noor.getByRole('button', { name: 'Doorgaan' }).click();
  await noor.locator('#f-training-provider').fill('De Techniek Academie');
  await noor.locator('#f-training-title').fill('Vakmanschaptraject Installatietechniek');
  await noor.getByLabel('Omscholing: een ander technisch vak').check();
  await noor.locator('#f-training-startsOn').fill('01-03-2027');
  await noor.locator('#f-training-endsOn').fill('01-09-2027');
  await noor.locator('#f-training-costCents').fill('3.200,00');
  await shoot(noor, '04-apply-training');
  await noor.getByRole('button', { name: 'Doorgaan' }).click();
  await noor.locator('#f-requestedAmountCents').fill('2500');
  await noor.getByRole('button', { name: 'Doorgaan' }).click();
  await noor.getByLabel('Nee, noem mijn naam niet').check();
  await noor.getByRole('button', { name: 'Doorgaan' }).click();
  await noor.waitForURL(/\/check$/);
  await shoot(noor, '05-check-answers');
  await noor.getByRole('button', { name: 'Aanvraag versturen' }).click();
  await noor.waitForURL(/\?sent=1$/);
  await shoot(noor, '06-application-sent');

  const henk = await as('Henk Oude Egberink');
  await shoot(henk, '07-my-applications');
  await henk.locator('.vv-programme h2 a').first().click();
  await shoot(henk, '08-application-granted');
  await henk.getByRole('link', { name: 'Aanvraag intrekken' }).click();
  await shoot(henk, '09-withdraw-confirm');

  const mehmet = await as('Mehmet Yilmaz');
  await mehmet.locator('.vv-programme h2 a').first().click();
  await shoot(mehmet, '10-application-rejected');

  await visitor.goto(`${base}/dev/mailbox`);
  await shoot(visitor, '11-mailbox');
  await visitor.locator('main li a').first().click();
  await shoot(visitor, '12-mail');

  const ilse = await as('Ilse Ten Have');
  await ilse.goto(`${base}/province/programmes/ov-2026`);
  await shoot(ilse, '13-province-dashboard');
  await ilse.goto(`${base}/province/programmes/ov-2026/milestones`);
  await shoot(ilse, '14-province-milestones');
  const anna = await as('Anna Admin');
  await anna.goto(`${base}/admin/programmes/ov-2026`);
  await anna.getByLabel('Budget in euro').fill('1');
  await anna.getByRole('button', { name: 'Regeling opslaan' }).click();
  await shoot(anna, '15-admin-programme-errors');
  await browser.close();
}

void main();
