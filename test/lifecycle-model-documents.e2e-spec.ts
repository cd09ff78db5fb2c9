import { TestApp } from './support';
import { act, coverage, exampleScenario, runModel, UploadCommand } from './support/lifecycle-model';

/** The lifecycle model (test/support/lifecycle-model.ts), weighted to documents and completion. */
describe('voucher lifecycle against an independent model: documents and completion', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t?.close());

  it('agrees with the model on uploads (who, what type, which state) and proof of completion (250 runs)', async () => {
    coverage.clear();
    const runs = await runModel(t, {
      numRuns: 250,
      starts: ['granted', 'granted', 'reviewed', 'submitted'],
      weights: { transition: 2, advance: 2, eligibility: 1, upload: 3, time: 1 },
      examples: [
        [
          exampleScenario(['granted', 'granted', 'reviewed']),
          [
            act(0, 'officerB', 'complete'),
            new UploadCommand(0, 'owner', 'supporting', true),
            act(0, 'officerB', 'complete', '  Certificate seen  '),
            new UploadCommand(0, 'owner', 'completion-proof', false),
            new UploadCommand(0, 'otherApplicant', 'completion-proof', true),
            new UploadCommand(0, 'foreignOfficer', 'completion-proof', true),
            new UploadCommand(0, 'provincial', 'completion-proof', true),
            new UploadCommand(0, 'admin', 'completion-proof', true),
            new UploadCommand(0, 'owner', 'completion-proof', true),
            act(0, 'officerB', 'complete'),
            new UploadCommand(0, 'owner', 'supporting', true),
            new UploadCommand(1, 'officerA', 'completion-proof', true),
            act(1, 'owner', 'withdraw'),
          ],
        ],
      ],
    });
    expect(runs).toBeGreaterThanOrEqual(250);
    if (process.env.VV_MODEL_COVERAGE) console.log(Object.fromEntries(coverage));
    expect([...coverage.keys()].sort()).toEqual(
      expect.arrayContaining([
        '200 complete',
        '200 withdraw from granted',
        '422 evidence-required',
        '201 upload',
        '403 upload forbidden',
        '404 upload not-found',
        '409 upload illegal-transition',
        '415 upload unsupported-document-type',
      ]),
    );
  }, 900_000);
});
