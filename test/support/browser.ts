import AxeBuilder from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import type { TestApp } from './test-app';

/**
 * Debian's Chromium, driven by playwright-core (never a downloaded browser; .ci/run installs the
 * package when it is missing).
 */
export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
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
}

/** Starts the test app's HTTP server on a free loopback port; returns its base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

export interface PageCheck {
  url: string;
  lang: string | null;
  title: string;
  h1: number;
  skipLink: boolean;
  violations: { id: string; impact: string | null | undefined; targets: string[] }[];
}

/**
 * What every page must have: `lang`, a title, exactly one h1, a skip link to the main content,
 * and no axe-core violation of WCAG 2.1 A or AA. axe runs as script in the page; for a page
 * shown with JavaScript off, pass a `checker` page (JavaScript on, same origin) and the page's
 * HTML is checked there, as it arrived.
 */
export async function checkPage(shown: Page, checker?: Page): Promise<PageCheck> {
  let page = shown;
  const url = new URL(shown.url()).pathname;
  if (checker) {
    const html = await shown.content();
    await checker.goto(new URL('/contact', shown.url()).href);
    await checker.setContent(html, { waitUntil: 'load' });
    page = checker;
  }
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return {
    url,
    lang: await page.getAttribute('html', 'lang'),
    title: await page.title(),
    h1: await page.locator('h1').count(),
    skipLink: (await page.locator('a[href="#main"]').count()) === 1 && (await page.locator('#main').count()) === 1,
    violations: results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(' ')),
    })),
  };
}

/** A fresh browser context (own cookies), with JavaScript on or off. */
export function newContext(browser: Browser, javaScriptEnabled: boolean): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled, viewport: { width: 1100, height: 900 }, locale: 'nl-NL' });
}
