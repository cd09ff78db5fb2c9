import { TestApp } from './support';

describe('walkthrough', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t?.close());

  it('walks submit to completed', async () => {
    const programme = await t.newProgramme({ fourEyes: true });
    const { application, applicant } = await t.newApplication(programme.code);
    expect(application.status).toBe('submitted');
    const reviewer = await t.officer([programme.code]);
    const granter = await t.officer([programme.code]);
    const r1 = await reviewer.post(`/api/v1/applications/${application.id}/transitions`, { action: 'review' });
    expect(r1.status).toBe(200);
    const r2 = await granter.post(`/api/v1/applications/${application.id}/transitions`, { action: 'grant' });
    expect(r2.body).toMatchObject({ status: 'granted' });
    const proof = await t.uploadDocument(applicant, application.id);
    expect(proof).toMatchObject({ kind: 'completion-proof', contentType: 'application/pdf', scan: 'clean' });
    const r3 = await granter.post(`/api/v1/applications/${application.id}/transitions`, { action: 'complete' });
    expect(r3.body.status).toBe('completed');
    const h = await applicant.get(`/api/v1/applications/${application.id}/history`);
    expect(h.body.items.map((i: any) => i.action)).toEqual(['submit', 'review', 'grant', 'complete']);
  });
});
