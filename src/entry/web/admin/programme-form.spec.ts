import type { Programme } from '../../../features/programmes/programme.entity';
import {
  changedOnly,
  invalidProgrammeFields,
  newProgrammeAnswers,
  programmeAnswersOf,
  programmeBodyFrom,
} from './programme-form';

const stored = {
  code: 'ov-2027',
  name: 'Overijssels Vakmanschap 2027',
  province: 'OV',
  funders: ['Provincie Overijssel', 'OTIB'],
  budgetCents: 160_000_050,
  minAmountCents: 100_000,
  maxAmountCents: 300_000,
  maxCoFundingPercent: 100,
  // Not at a day's boundary: the form shows days, and must not move these when left alone.
  opensAt: new Date('2027-01-01T08:30:00Z'),
  closesAt: new Date('2028-12-31T12:00:00Z'),
  region: { postcodeRanges: [['7400', '7799']] },
  targetGroups: ['jobseeker', 'employee'],
  trainingKinds: ['reskilling'],
  milestones: [250, 500],
  targets: { vouchers: 470 },
  fourEyes: true,
  voucherValidityDays: 365,
  providerCap: null,
  informationTermDays: 14,
  reasonTexts: { reject: ['Niet in de regio.'] },
} as unknown as Programme;

describe('the admin programme form', () => {
  it('reads euros, Dutch dates, ranges and lists into the API body, which the DTO takes', () => {
    const answers = {
      ...newProgrammeAnswers(),
      code: 'ge-2027',
      name: 'Gelders Vakmanschap',
      province: 'GE',
      funders: 'Provincie Gelderland\r\n\r\nOOM ',
      budgetCents: '1.600.000,50',
      minAmountCents: '1000',
      maxAmountCents: '5000',
      opensAt: '01-03-2027',
      closesAt: '31-10-2027',
      'region.postcodeRanges': '6500-6999\n 7000 - 7399 ',
      milestones: '100, 250;500',
      'targets.vouchers': '',
      providerCap: '',
    };
    const body = programmeBodyFrom(answers, false);
    expect(body).toMatchObject({
      code: 'ge-2027',
      funders: ['Provincie Gelderland', 'OOM'],
      budgetCents: 160_000_050,
      minAmountCents: 100_000,
      opensAt: '2027-02-28T23:00:00.000Z',
      // The end of the last day, in winter time again (the clocks went back that morning).
      closesAt: '2027-10-31T22:59:59.000Z',
      region: {
        postcodeRanges: [
          ['6500', '6999'],
          ['7000', '7399'],
        ],
      },
      milestones: [100, 250, 500],
      targets: {},
      fourEyes: true,
      providerCap: null,
      informationTermDays: 14,
    });
    expect([...invalidProgrammeFields(body, false)]).toEqual([]);
  });

  it('names refused fields as the form names them, nested ones included', () => {
    const body = programmeBodyFrom(
      {
        ...newProgrammeAnswers(),
        code: 'X',
        'region.postcodeRanges': 'hier',
        'targets.vouchers': 'veel',
        opensAt: '30-02-2027',
        fourEyes: '',
      },
      false,
    );
    expect([...invalidProgrammeFields(body, false)].sort()).toEqual(
      [
        'budgetCents',
        'closesAt',
        'code',
        'fourEyes',
        'maxAmountCents',
        'minAmountCents',
        'name',
        'opensAt',
        'province',
        'region.postcodeRanges',
        'targets.vouchers',
      ].sort(),
    );
  });

  it('shows a stored programme in the form and sends back only what changed', () => {
    const shown = programmeAnswersOf(stored, 'nl');
    expect(shown).toMatchObject({
      funders: 'Provincie Overijssel\nOTIB',
      budgetCents: '1600000,50',
      opensAt: '01-01-2027',
      closesAt: '31-12-2028',
      'region.postcodeRanges': '7400-7799',
      milestones: '250, 500',
      'targets.vouchers': '470',
      fourEyes: 'yes',
      providerCap: '',
    });
    const unchanged = changedOnly(programmeBodyFrom(shown, true), shown, shown);
    expect(unchanged).toEqual({});
    const renamed = { ...shown, name: 'Nieuw', targetGroups: ['jobseeker'] };
    expect(changedOnly(programmeBodyFrom(renamed, true), renamed, shown)).toEqual({
      name: 'Nieuw',
      targetGroups: ['jobseeker'],
    });
  });

  it('takes the standard reason texts one per line, sends them whole when one action changed, names a refused one', () => {
    const shown = programmeAnswersOf(stored, 'nl');
    expect(shown['reasonTexts.reject']).toBe('Niet in de regio.');
    const more = { ...shown, 'reasonTexts.dismiss': ' Geen nieuwe feiten. \r\n\r\nBesluit blijft. ' };
    expect(changedOnly(programmeBodyFrom(more, true), more, shown)).toEqual({
      reasonTexts: {
        'request-information': [],
        reject: ['Niet in de regio.'],
        'not-consider': [],
        dismiss: ['Geen nieuwe feiten.', 'Besluit blijft.'],
        uphold: [],
      },
    });
    const tooMany = { ...shown, 'reasonTexts.not-consider': 'a\nb\nc\nd\ne\nf', 'reasonTexts.uphold': 'x'.repeat(501) };
    const body = changedOnly(programmeBodyFrom(tooMany, true), tooMany, shown);
    expect([...invalidProgrammeFields(body, true)].sort()).toEqual(['reasonTexts.not-consider', 'reasonTexts.uphold']);
  });
});
