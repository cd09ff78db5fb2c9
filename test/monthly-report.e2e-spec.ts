import { TestApp } from './support';
import { JobName } from '../src/platform/queue/job-catalogue';
import { JobRegistry } from '../src/platform/queue/job-registry.service';
import { SmtpCatcher } from './support/smtp-catcher';

/** The attachment of a multipart mail, decoded: its file name and text. */
function attachmentOf(raw: string): { filename: string; text: string } | null {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  if (!boundary) return null;
  for (const part of raw.split(`--${boundary}`)) {
    const filename = /filename="?([^";\r\n]+)"?/i.exec(part)?.[1];
    if (!filename) continue;
    const [head, ...body] = part.split(/\r?\n\r?\n/);
    const content = body.join('\n\n').trim();
    const text = /base64/i.test(head)
      ? Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8')
      : content
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return { filename, text };
  }
  return null;
}

describe('monthly province report mail', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    t = await TestApp.start({ worker: true, env: { WORKER_QUEUES: 'notifications', SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('mails each provincial staff member their province report once a month, CSV attached, small cells as <5', async () => {
    const programme = await t.newProgramme({ province: 'OV' });
    const reviewer = await t.officer([programme.code]);
    const granter = await t.officer([programme.code]);
    for (let i = 0; i < 3; i++) {
      const { application } = await t.reviewedApplication(programme.code, reviewer);
      const granted = await granter.post(`/api/v1/applications/${application.id}/transitions`, { action: 'grant' });
      expect(granted.status).toBe(200);
    }
    // Staff are known to the system once they have called it with their token.
    const overijssel = await t.as({
      sub: 'prov-ov',
      role: 'provincial',
      province: 'OV',
      email: 'ov@provincie.example',
      name: 'Ilse',
    });
    const gelderland = await t.as({
      sub: 'prov-ge',
      role: 'provincial',
      province: 'GE',
      email: 'ge@provincie.example',
    });
    for (const caller of [overijssel, gelderland]) await caller.get('/api/v1/me/notifications');
    await t.drain();
    smtp.clear();

    const registry = t.worker!.get(JobRegistry, { strict: false });
    await registry.handle(JobName.SendMonthlyReports, {});
    await registry.handle(JobName.SendMonthlyReports, {}); // a second run sends nothing again

    const mails = smtp.to('ov@provincie.example');
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toMatch(/^Maandrapportage vouchers OV: \d{4}-\d{2}$/);
    const attachment = attachmentOf(mails[0].raw);
    expect(attachment?.filename).toMatch(/^vakvoucher-ov-\d{4}-\d{2}\.csv$/);
    const lines = attachment!.text.split(/\r?\n/);
    expect(lines[0]).toBe('province,programme,section,category,measure,value');
    expect(lines).toContain('OV,,report,,disclosure,small-cells-suppressed');
    // Three career switchers: fewer than five, so the target-group cell is hidden.
    expect(
      lines.some((l) => l.startsWith(`OV,${programme.code},`) && l.includes('career-switcher') && l.endsWith(',<5')),
    ).toBe(true);
    expect(smtp.to('ge@provincie.example')).toHaveLength(0); // no programmes in Gelderland
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM notifications WHERE template = 'province-report' AND recipient_id = 'prov-ov'`,
    );
    expect(count).toBe(1);
  });
});
