import { readdirSync } from 'node:fs';
import { fill, placeholdersOf, readTemplate, TEMPLATE_DIR, TEMPLATES, Templates } from './templates.service';
import { breakdownLines, euros, longDate, ordinalWord } from './wording';

describe('message templates', () => {
  it('has every template in Dutch and English, and no file that is not one of them', () => {
    const expected = TEMPLATES.flatMap((name) => [`${name}.en.txt`, `${name}.nl.txt`]).sort();
    expect(readdirSync(TEMPLATE_DIR).sort()).toEqual(expected);
  });

  it.each(TEMPLATES)('%s: a subject line, a body, and the same placeholders in both languages', (name) => {
    const nl = readTemplate(name, 'nl');
    const en = readTemplate(name, 'en');
    for (const t of [nl, en]) {
      expect(t.subject.length).toBeGreaterThan(5);
      expect(t.body.trim().length).toBeGreaterThan(50);
      expect(t.body).not.toMatch(/^Subject:/m);
    }
    const used = (t: { subject: string; body: string }) => placeholdersOf(t.subject + t.body).sort();
    expect(used(nl)).toEqual(used(en));
  });

  it('fills placeholders and refuses to send one without a value', () => {
    expect(fill('Kenmerk {{reference}}, {{ status }}', { reference: 'OV-2027-000123', status: 'ingediend' }, 't')).toBe(
      'Kenmerk OV-2027-000123, ingediend',
    );
    expect(() => fill('Kenmerk {{reference}}', {}, 'x.nl')).toThrow('Template x.nl needs a value for {{reference}}');
    expect(() => new Templates().render('application-submitted', 'nl', { name: 'A' })).toThrow(/reference/);
  });

  it('formats money and dates as people in each language read them', () => {
    expect(euros(250_000, 'nl')).toBe('€\u00a02.500,00');
    expect(euros(250_000, 'en')).toBe('€2,500.00');
    expect(longDate('2028-03-07', 'nl')).toBe('7 maart 2028');
    expect(longDate('2028-03-07', 'en')).toBe('7 March 2028');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 750].map((n) => ordinalWord(n, 'en'))).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '750th',
    ]);
    expect(ordinalWord(750, 'nl')).toBe('750e');
    expect(breakdownLines('gender', { male: 1, female: 2 }, 'nl', ['female', 'male'])).toBe(
      '  - vrouwen: 2\n  - mannen: 1',
    );
  });
});
