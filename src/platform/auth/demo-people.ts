import { Actor } from '../kernel/actor';

/**
 * The people of the demo data (npm start's seed), as AUTH_MODE=local's login page offers them:
 * each a button that starts a session as that person. Never offered in production.
 */
export interface DemoPerson {
  id: string;
  role: Actor['role'];
  name: string;
  /** What the button says about the person, in Dutch and English. */
  about: { nl: string; en: string };
  programmes?: string[];
  province?: string;
}

const applicant = (id: string, name: string, nl: string, en: string): DemoPerson => ({
  id,
  role: 'applicant',
  name,
  about: { nl, en },
});

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  applicant('applicant-new', 'Noor Bakker', 'nog geen aanvraag', 'no application yet'),
  applicant('applicant-1', 'Ahmad Al Haj', 'aanvraag ingediend', 'application submitted'),
  applicant('applicant-2', 'Fleur Jansen', 'aanvraag beoordeeld', 'application reviewed'),
  applicant('applicant-3', 'Henk Oude Egberink', 'voucher toegekend', 'voucher granted'),
  applicant('applicant-4', 'Sanne de Vries', 'opleiding afgerond', 'training completed'),
  applicant('applicant-5', 'Mehmet Yilmaz', 'aanvraag afgewezen', 'application rejected'),
  applicant('applicant-6', 'Lotte Bakker', 'aanvraag ingetrokken', 'application withdrawn'),
  applicant('applicant-7-en', 'Tomasz Nowak', 'voucher verlopen; leest Engels', 'voucher expired; reads English'),
  applicant('applicant-8', 'Anouk Peters', 'Gelderland, ingediend', 'Gelderland, submitted'),
  applicant('applicant-9', 'Jeroen van den Berg', 'Gelderland, beoordeeld', 'Gelderland, reviewed'),
  applicant('applicant-10', 'Yara Haddad', 'Gelderland, toegekend', 'Gelderland, granted'),
  applicant('applicant-11', 'Pieter Smit', 'Gelderland, afgerond', 'Gelderland, completed'),
  applicant('applicant-12', 'Emma Visser', 'Gelderland, afgewezen', 'Gelderland, rejected'),
  applicant('applicant-13', 'Ruben Mulder', 'Gelderland, ingetrokken', 'Gelderland, withdrawn'),
  {
    id: 'officer-ov-1',
    role: 'officer',
    name: 'Olga Oosterhof',
    about: { nl: 'medewerker Overijssels Vakmanschap', en: 'officer, Overijssels Vakmanschap' },
    programmes: ['ov-2026'],
  },
  {
    id: 'officer-ov-2',
    role: 'officer',
    name: 'Bram Bosman',
    about: { nl: 'medewerker Overijssels Vakmanschap', en: 'officer, Overijssels Vakmanschap' },
    programmes: ['ov-2026'],
  },
  {
    id: 'officer-ge-1',
    role: 'officer',
    name: 'Gerda Geurts',
    about: { nl: 'medewerker Gelders Vakmanschap', en: 'officer, Gelders Vakmanschap' },
    programmes: ['ge-2026'],
  },
  {
    id: 'officer-ge-2',
    role: 'officer',
    name: 'Daan Derksen',
    about: { nl: 'medewerker Gelders Vakmanschap', en: 'officer, Gelders Vakmanschap' },
    programmes: ['ge-2026'],
  },
  {
    id: 'prov-ov-1',
    role: 'provincial',
    name: 'Ilse Ten Have',
    about: { nl: 'Provincie Overijssel', en: 'Province of Overijssel' },
    province: 'OV',
  },
  {
    id: 'prov-ge-1',
    role: 'provincial',
    name: 'Kees Kuipers',
    about: { nl: 'Provincie Gelderland', en: 'Province of Gelderland' },
    province: 'GE',
  },
  { id: 'admin-1', role: 'admin', name: 'Anna Admin', about: { nl: 'beheerder', en: 'administrator' } },
];

export function demoActor(person: DemoPerson): Actor {
  return {
    id: person.id,
    role: person.role,
    programmes: person.programmes ?? [],
    province: person.province ?? null,
    name: person.name,
    email: `${person.id}@example.nl`,
  };
}
