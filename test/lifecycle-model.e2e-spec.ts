import { TestApp } from './support';
import { act, coverage, exampleScenario, runModel, UploadCommand } from './support/lifecycle-model';

/**
 * The voucher lifecycle against an independent model (test/support/lifecycle-model.ts): any
 * transition by anyone, uploads, eligibility checks and the clock, from every kind of start.
 * With the three focused files beside it (information requests, objections, documents) the
 * model runs well over a thousand times per suite.
 */
describe('voucher lifecycle against an independent model', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t?.close());

  it('agrees with the model on every answer, status, version, history, document and budget counter (300 runs)', async () => {
    coverage.clear();
    const runs = await runModel(t, {
      numRuns: 300,
      starts: ['submitted', 'submitted', 'reviewed', 'granted', 'information-requested', 'rejected', 'objection'],
      weights: { transition: 2, advance: 2, eligibility: 1, upload: 1, time: 1 },
      // Runs tried first, so that every answer below is reached whatever the random runs do.
      examples: [
        [
          // Budget for all three (ranks are not known in advance), not for a grant of 300,000 on top.
          exampleScenario(['submitted', 'reviewed', 'granted'], 14, 300_000),
          [
            act(0, 'officerA', 'review'),
            act(0, 'officerA', 'grant'),
            act(0, 'officerB', 'grant', undefined, { amountCents: 50_000 }),
            act(1, 'officerB', 'grant', undefined, { amountCents: 300_000 }),
            act(0, 'otherApplicant', 'withdraw'),
            act(0, 'officerA', 'withdraw'),
            act(0, 'officerB', 'grant', undefined, { ifMatch: 'stale' }),
            act(2, 'officerB', 'complete'),
            new UploadCommand(2, 'owner', 'completion-proof', true),
            act(2, 'officerB', 'complete'),
            act(0, 'officerB', 'grant', undefined, { ifMatch: 'current' }),
            act(0, 'owner', 'withdraw'),
            act(1, 'officerA', 'reject'),
            act(1, 'officerA', 'reject', 'Outside the region'),
            act(1, 'owner', 'object', 'Outside the region'),
            act(0, 'officerA', 'review'),
          ],
        ],
        [
          exampleScenario(['submitted', 'submitted', 'submitted']),
          [
            act(0, 'officerA', 'request-information', 'Outside the region'),
            act(0, 'owner', 'supplement', '  Certificate seen  '),
            act(0, 'officerA', 'review'),
            act(1, 'owner', 'withdraw'),
          ],
        ],
      ],
    });
    expect(runs).toBeGreaterThanOrEqual(300);
    if (process.env.VV_MODEL_COVERAGE) console.log(Object.fromEntries(coverage));
    // The runs did reach the answers of the table of docs/api.md that random runs provoke often.
    expect([...coverage.keys()].sort()).toEqual(
      expect.arrayContaining([
        '200 review',
        '200 grant',
        '200 reject',
        '200 complete',
        '200 withdraw',
        '200 withdraw from granted',
        '200 request-information',
        '200 supplement',
        '200 object',
        '404 not-found',
        '403 forbidden',
        '412 version-mismatch',
        '409 illegal-transition',
        '422 four-eyes',
        '422 amount-out-of-range',
        '422 budget-exhausted',
        '422 reason-required',
        '422 evidence-required',
        '422 eligibility-pending',
        '201 upload',
      ]),
    );
  }, 900_000);
});
