/** Demo figures from docs/domain.md: Overijssels Vakmanschap and Leve(n)lang Gelders Vakmanschap. */

export const DEMO_PROGRAMMES = [
  {
    code: 'ov-2026',
    name: 'Overijssels Vakmanschap',
    province: 'OV',
    funders: ['Provincie Overijssel', 'OTIB', 'OOM', 'FNV', 'CNV', 'De Unie'],
    budgetCents: 160_000_000, // EUR 1.6m launch round
    minAmountCents: 100_000,
    maxAmountCents: 500_000, // EUR 5,000 for newcomers to the sector
    maxCoFundingPercent: 100,
    opensAt: '2026-09-01T00:00:00+02:00',
    closesAt: '2028-12-31T23:59:59+01:00',
    region: {
      postcodeRanges: [
        ['7400', '7799'],
        ['8000', '8299'],
      ],
    },
    targetGroups: ['jobseeker', 'employee', 'career-switcher', 'self-employed', 'teacher'],
    trainingKinds: ['upskilling', 'reskilling', 'retraining'],
    milestones: [100, 250, 470, 500],
    targets: { vouchers: 470 }, // 200 job seekers, 250 employees, 20 future teachers
    fourEyes: true,
    voucherValidityDays: 365,
    providerCap: 300,
  },
  {
    code: 'ge-2026',
    name: 'Leve(n)lang Gelders Vakmanschap',
    province: 'GE',
    funders: ['Provincie Gelderland', 'OTIB', 'Metaalunie', 'FNV'],
    budgetCents: 200_000_000, // province EUR 1.8–2m, matched by business
    minAmountCents: 100_000,
    maxAmountCents: 250_000,
    maxCoFundingPercent: 50, // half the cost, at most EUR 2,500
    opensAt: '2026-05-01T00:00:00+02:00',
    closesAt: '2028-04-30T23:59:59+02:00',
    region: {
      postcodeRanges: [
        ['3770', '3899'],
        ['4000', '4199'],
        ['6500', '7399'],
      ],
    },
    targetGroups: ['jobseeker', 'employee', 'career-switcher', 'self-employed', 'teacher'],
    trainingKinds: ['upskilling', 'reskilling', 'retraining'],
    milestones: [250, 500, 750, 900],
    targets: { vouchers: 900 },
    fourEyes: true,
    voucherValidityDays: 365,
    providerCap: 300,
  },
];

export interface DemoApplicant {
  sub: string;
  programme: string;
  status:
    | 'submitted'
    | 'information-requested'
    | 'reviewed'
    | 'granted'
    | 'completed'
    | 'rejected'
    | 'not-considered'
    | 'objection'
    | 'withdrawn'
    | 'expired';
  body: Record<string, unknown>;
}

function demo(
  sub: string,
  programme: string,
  status: DemoApplicant['status'],
  person: { name: string; postcode: string; dateOfBirth: string; gender: string; targetGroup: string },
  training: { provider: string; title: string; kind: string; costCents: number },
  requestedAmountCents: number,
  employer?: { name: string; kvkNumber: string; postcode: string },
): DemoApplicant {
  return {
    sub,
    programme,
    status,
    body: {
      programmeCode: programme,
      applicant: {
        ...person,
        email: `${sub}@example.nl`,
        locale: sub.endsWith('en') ? 'en' : 'nl',
        publicityConsent: status === 'granted',
      },
      ...(employer ? { employer } : {}),
      training: { ...training, startsOn: '2027-02-01', endsOn: '2027-09-30' },
      requestedAmountCents,
    },
  };
}

const TECHNIEK_ACADEMIE = 'De Techniek Academie';
const ROC = 'ROC van Twente';

export const DEMO_APPLICANTS: DemoApplicant[] = [
  demo(
    'applicant-1',
    'ov-2026',
    'submitted',
    {
      name: 'Ahmad Al Haj',
      postcode: '7511 AB',
      dateOfBirth: '1990-04-12',
      gender: 'male',
      targetGroup: 'career-switcher',
    },
    {
      provider: TECHNIEK_ACADEMIE,
      title: 'Vakmanschaptraject Installatietechniek',
      kind: 'reskilling',
      costCents: 320_000,
    },
    250_000,
  ),
  demo(
    'applicant-2',
    'ov-2026',
    'reviewed',
    {
      name: 'Fleur Jansen',
      postcode: '7552 CD',
      dateOfBirth: '1996-11-03',
      gender: 'female',
      targetGroup: 'jobseeker',
    },
    { provider: ROC, title: 'Monteur werktuigbouw BBL', kind: 'retraining', costCents: 520_000 },
    500_000,
  ),
  demo(
    'applicant-3',
    'ov-2026',
    'granted',
    {
      name: 'Henk Oude Egberink',
      postcode: '7601 EF',
      dateOfBirth: '1971-02-20',
      gender: 'male',
      targetGroup: 'employee',
    },
    { provider: ROC, title: 'PLC-programmeren', kind: 'upskilling', costCents: 260_000 },
    250_000,
    { name: 'Metaalbedrijf Twente BV', kvkNumber: '12345678', postcode: '7521 AA' },
  ),
  demo(
    'applicant-4',
    'ov-2026',
    'completed',
    {
      name: 'Sanne de Vries',
      postcode: '8011 GH',
      dateOfBirth: '1988-07-15',
      gender: 'female',
      targetGroup: 'teacher',
    },
    { provider: 'Windesheim', title: 'Zij-instroom docent techniek', kind: 'retraining', costCents: 300_000 },
    300_000,
  ),
  demo(
    'applicant-5',
    'ov-2026',
    'rejected',
    {
      name: 'Mehmet Yilmaz',
      postcode: '7413 JK',
      dateOfBirth: '1983-09-30',
      gender: 'male',
      targetGroup: 'self-employed',
    },
    { provider: 'Opleidingscentrum Deventer', title: 'Marketing voor zzp', kind: 'upskilling', costCents: 150_000 },
    150_000,
  ),
  demo(
    'applicant-6',
    'ov-2026',
    'withdrawn',
    {
      name: 'Lotte Bakker',
      postcode: '7701 LM',
      dateOfBirth: '2001-01-09',
      gender: 'non-binary',
      targetGroup: 'jobseeker',
    },
    { provider: TECHNIEK_ACADEMIE, title: 'Lasser MIG/MAG', kind: 'retraining', costCents: 400_000 },
    400_000,
  ),
  demo(
    'applicant-7-en',
    'ov-2026',
    'expired',
    { name: 'Tomasz Nowak', postcode: '7544 NP', dateOfBirth: '1979-05-22', gender: 'male', targetGroup: 'employee' },
    { provider: ROC, title: 'Elektrotechniek NEN 3140', kind: 'upskilling', costCents: 180_000 },
    180_000,
    { name: 'Installatiebedrijf Hengelo BV', kvkNumber: '87654321', postcode: '7551 AB' },
  ),
  demo(
    'applicant-8',
    'ge-2026',
    'submitted',
    {
      name: 'Anouk Peters',
      postcode: '3841 AB',
      dateOfBirth: '1992-03-18',
      gender: 'female',
      targetGroup: 'career-switcher',
    },
    { provider: TECHNIEK_ACADEMIE, title: 'Servicemonteur', kind: 'reskilling', costCents: 480_000 },
    240_000,
  ),
  demo(
    'applicant-9',
    'ge-2026',
    'reviewed',
    {
      name: 'Jeroen van den Berg',
      postcode: '6811 CD',
      dateOfBirth: '1975-12-01',
      gender: 'male',
      targetGroup: 'employee',
    },
    { provider: 'Rijn IJssel', title: 'Hydrauliek en pneumatiek', kind: 'upskilling', costCents: 300_000 },
    150_000,
    { name: 'Machinefabriek Arnhem BV', kvkNumber: '23456789', postcode: '6812 AB' },
  ),
  demo(
    'applicant-10',
    'ge-2026',
    'granted',
    { name: 'Yara Haddad', postcode: '7311 EF', dateOfBirth: '1998-06-25', gender: 'female', targetGroup: 'jobseeker' },
    { provider: TECHNIEK_ACADEMIE, title: 'CNC-verspaner', kind: 'retraining', costCents: 500_000 },
    250_000,
  ),
  demo(
    'applicant-11',
    'ge-2026',
    'completed',
    {
      name: 'Pieter Smit',
      postcode: '6511 GH',
      dateOfBirth: '1969-10-10',
      gender: 'male',
      targetGroup: 'self-employed',
    },
    { provider: 'Bouwmensen Gelderland', title: 'Warmtepompen installeren', kind: 'upskilling', costCents: 240_000 },
    120_000,
  ),
  demo(
    'applicant-12',
    'ge-2026',
    'rejected',
    {
      name: 'Emma Visser',
      postcode: '4001 JK',
      dateOfBirth: '2005-04-04',
      gender: 'undisclosed',
      targetGroup: 'jobseeker',
    },
    { provider: 'Online Academy', title: 'Social media', kind: 'upskilling', costCents: 200_000 },
    100_000,
  ),
  demo(
    'applicant-13',
    'ge-2026',
    'withdrawn',
    {
      name: 'Ruben Mulder',
      postcode: '7201 LM',
      dateOfBirth: '1986-08-08',
      gender: 'male',
      targetGroup: 'career-switcher',
    },
    { provider: TECHNIEK_ACADEMIE, title: 'Elektromonteur', kind: 'reskilling', costCents: 380_000 },
    190_000,
  ),
  demo(
    'applicant-14',
    'ov-2026',
    'information-requested',
    {
      name: 'Daan Kok',
      postcode: '7622 AB',
      dateOfBirth: '1994-02-14',
      gender: 'male',
      targetGroup: 'jobseeker',
    },
    { provider: ROC, title: 'Koudetechniek', kind: 'retraining', costCents: 350_000 },
    300_000,
  ),
  demo(
    'applicant-15-en',
    'ov-2026',
    'not-considered',
    {
      name: 'Maria Santos',
      postcode: '7415 CD',
      dateOfBirth: '1987-06-30',
      gender: 'female',
      targetGroup: 'career-switcher',
    },
    { provider: TECHNIEK_ACADEMIE, title: 'Zonnepanelen monteren', kind: 'reskilling', costCents: 200_000 },
    200_000,
  ),
  demo(
    'applicant-16',
    'ge-2026',
    'objection',
    {
      name: 'Kees Hendriks',
      postcode: '6702 EF',
      dateOfBirth: '1973-11-11',
      gender: 'male',
      targetGroup: 'self-employed',
    },
    { provider: 'Rijn IJssel', title: 'Installatietechniek voor zzp', kind: 'upskilling', costCents: 220_000 },
    110_000,
  ),
];
