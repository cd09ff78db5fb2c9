import { TestApp } from './support';
import {
  act,
  coverage,
  EligibilityCommand,
  exampleScenario,
  runModel,
  TimePassesCommand,
  UploadCommand,
} from './support/lifecycle-model';

/** The lifecycle model (test/support/lifecycle-model.ts), weighted to information requests (Awb 4:5). */
describe('voucher lifecycle against an independent model: information requests', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t?.close());

  it('agrees with the model through requests, supplements, due dates and not-considering (250 runs)', async () => {
    coverage.clear();
    const runs = await runModel(t, {
      numRuns: 250,
      starts: ['submitted', 'reviewed', 'information-requested', 'information-requested'],
      weights: { transition: 2, advance: 3, eligibility: 1, upload: 1, time: 1 },
      examples: [
        [
          exampleScenario(['information-requested', 'information-requested', 'submitted']),
          [
            act(0, 'owner', 'supplement'),
            act(0, 'officerB', 'not-consider', 'Outside the region'),
            new UploadCommand(0, 'owner', 'supporting', true),
            act(0, 'owner', 'supplement'),
            act(0, 'officerA', 'review'),
            new EligibilityCommand(0),
            act(0, 'officerA', 'review'),
            new TimePassesCommand(1, 'information'),
            act(1, 'officerB', 'not-consider'),
            act(1, 'officerB', 'not-consider', 'Outside the region'),
            act(2, 'officerA', 'request-information', 'Outside the region'),
            act(2, 'owner', 'supplement', '  Certificate seen  '),
            act(2, 'officerA', 'request-information', 'Outside the region'),
            act(2, 'owner', 'withdraw'),
            new UploadCommand(2, 'owner', 'supporting', true),
          ],
        ],
      ],
    });
    expect(runs).toBeGreaterThanOrEqual(250);
    if (process.env.VV_MODEL_COVERAGE) console.log(Object.fromEntries(coverage));
    expect([...coverage.keys()].sort()).toEqual(
      expect.arrayContaining([
        '200 request-information',
        '200 supplement',
        '200 not-consider',
        '200 withdraw from information-requested',
        '422 nothing-supplemented',
        '422 term-running',
        '422 reason-required',
        '422 eligibility-pending',
        '201 upload',
        '409 upload illegal-transition',
        'time passes: information',
      ]),
    );
  }, 900_000);
});
