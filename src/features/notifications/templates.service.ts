import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Locale } from './wording';

/** Every message the system sends; each is a file per locale in ./templates. */
export const TEMPLATES = [
  'application-submitted',
  'application-reviewed',
  'application-information-requested',
  'application-supplemented',
  'application-not-considered',
  'application-granted',
  'application-rejected',
  'application-objected',
  'application-upheld',
  'application-dismissed',
  'application-completed',
  'application-withdrawn',
  'application-expired',
  'application-status-changed',
  'application-objected-officers',
  'officers-status-changed',
  'information-reminder',
  'document-infected',
  'milestone-reached',
  'milestone-approaching',
  'officer-digest',
  'province-report',
  'allocation-moved-within',
] as const;
export type TemplateName = (typeof TEMPLATES)[number];

export type TemplateVars = Record<string, string | number>;

export interface RenderedMessage {
  subject: string;
  body: string;
}

export const TEMPLATE_DIR = join(__dirname, 'templates');
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

export interface Template {
  subject: string;
  body: string;
}

/** Reads templates/<name>.<locale>.txt: a first line `Subject: …`, then (after an optional blank line) the body. */
export function readTemplate(name: string, locale: Locale, dir = TEMPLATE_DIR): Template {
  const text = readFileSync(join(dir, `${name}.${locale}.txt`), 'utf8').replace(/\r\n/g, '\n');
  const [first, ...rest] = text.split('\n');
  const subject = /^Subject:\s*(.+)$/.exec(first);
  if (!subject) throw new Error(`Template ${name}.${locale}.txt must start with a line "Subject: …"`);
  const body = rest.join('\n').replace(/^\n+/, '').replace(/\s+$/, '');
  return { subject: subject[1].trim(), body: `${body}\n` };
}

/** The placeholders a text uses, e.g. ['reference', 'status']. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** Fills {{placeholders}}; a placeholder without a value is a bug, not an empty string. */
export function fill(text: string, vars: TemplateVars, where: string): string {
  return text.replace(PLACEHOLDER, (_, key: string) => {
    const value = vars[key];
    if (value === undefined || value === null) throw new Error(`Template ${where} needs a value for {{${key}}}`);
    return String(value);
  });
}

/** Renders templates from files, read once per process. */
@Injectable()
export class Templates {
  private readonly cache = new Map<string, Template>();

  render(name: TemplateName, locale: Locale, vars: TemplateVars): RenderedMessage {
    const key = `${name}.${locale}`;
    let template = this.cache.get(key);
    if (!template) {
      template = readTemplate(name, locale);
      this.cache.set(key, template);
    }
    return {
      subject: fill(template.subject, vars, key).replace(/\s+/g, ' ').trim(),
      body: fill(template.body, vars, key),
    };
  }
}
