import { TestApp } from './support';
import { act, coverage, exampleScenario, runModel, TimePassesCommand } from './support/lifecycle-model';

/** The lifecycle model (test/support/lifecycle-model.ts), weighted to objections (Awb chapter 7). */
describe('voucher lifecycle against an independent model: objections', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t?.close());

  it('agrees with the model through objections, their terms and handlers, uphold and dismiss (250 runs)', async () => {
    coverage.clear();
    const runs = await runModel(t, {
      numRuns: 250,
      starts: ['rejected', 'objection', 'submitted', 'information-requested'],
      weights: { transition: 2, advance: 3, eligibility: 1, upload: 1, time: 1 },
      examples: [
        [
          exampleScenario(['rejected', 'rejected', 'objection']),
          [
            act(0, 'owner', 'object'),
            act(0, 'owner', 'object', 'Outside the region'),
            act(0, 'officerA', 'uphold', 'Outside the region'),
            act(0, 'officerB', 'uphold', 'Outside the region'),
            act(1, 'owner', 'object', 'Outside the region'),
            act(1, 'officerB', 'dismiss', 'Outside the region'),
            act(1, 'owner', 'object', 'Outside the region'),
            new TimePassesCommand(1, 'objection'),
            act(1, 'owner', 'object', 'Outside the region'),
            act(2, 'owner', 'withdraw'),
            act(0, 'officerB', 'reject', 'Outside the region'),
            act(0, 'owner', 'object', 'Outside the region'),
            act(0, 'officerB', 'dismiss', 'Outside the region'),
            act(0, 'officerEverywhere', 'dismiss', 'Outside the region'),
          ],
        ],
      ],
    });
    expect(runs).toBeGreaterThanOrEqual(250);
    if (process.env.VV_MODEL_COVERAGE) console.log(Object.fromEntries(coverage));
    expect([...coverage.keys()].sort()).toEqual(
      expect.arrayContaining([
        '200 object',
        '200 uphold',
        '200 dismiss',
        '200 withdraw from objection',
        '422 reason-required',
        '422 already-objected',
        '422 objection-term-passed',
        '422 objection-handler-involved',
        'time passes: objection',
      ]),
    );
  }, 900_000);
});
