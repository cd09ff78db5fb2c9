import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dutchDate } from '../../platform/kernel/dates';
import { JobName, JobOutcome } from '../../platform/queue/job-catalogue';
import { OnJob } from '../../platform/queue/on-job.decorator';
import { NotificationsService } from '../../features/notifications/notifications.service';
import { dateTime, euros, localeOf } from '../../features/notifications/wording';
import { Programme } from '../../features/programmes/programme.entity';
import { StaffDirectory } from '../../features/staff/staff-directory.service';
import { provinceReportCsv } from '../../features/reports/report-csv';
import { ReportsService } from '../../features/reports/reports.service';

/**
 * On the first of the month every provincial staff member gets their province's report by
 * mail, CSV attached, through the notification pipeline (once per province, month and
 * person). It is the report provincial staff may see: small gender and target-group cells
 * show as "<5".
 */
@Injectable()
export class MonthlyReportJob {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reports: ReportsService,
    private readonly staff: StaffDirectory,
    private readonly notifications: NotificationsService,
  ) {}

  @OnJob(JobName.SendMonthlyReports)
  async run(): Promise<JobOutcome> {
    const now = new Date();
    const month = dutchDate(now).slice(0, 7);
    const provinces: { province: string }[] = await this.db.query(
      `SELECT DISTINCT province FROM staff_members WHERE role = 'provincial' AND province IS NOT NULL ORDER BY province`,
    );
    const failures: Error[] = [];
    for (const { province } of provinces) {
      const programmes = await this.db.getRepository(Programme).find({ where: { province }, order: { code: 'ASC' } });
      if (programmes.length === 0) continue;
      const report = await this.reports.provinceView(province, programmes, 'small-cells-suppressed', now);
      const attachment = {
        filename: `vakvoucher-${province.toLowerCase()}-${month}.csv`,
        content: provinceReportCsv(report),
        contentType: 'text/csv; charset=utf-8',
      };
      const { budget, vouchers } = report.totals;
      for (const member of await this.staff.provincialStaffOf(province)) {
        const locale = localeOf(member.locale);
        try {
          await this.notifications.deliver({
            eventKey: `province-report:${province}:${month}`,
            recipient: { id: member.id, email: member.email, locale, name: member.name },
            template: 'province-report',
            channels: ['email'],
            attachments: [attachment],
            vars: {
              province,
              month,
              generatedAt: dateTime(now, locale),
              programmes: programmes.map((p) => p.name).join(', '),
              granted: vouchers.granted,
              target: vouchers.target === null ? '' : ` / ${vouchers.target}`,
              committed: euros(budget.committedCents, locale),
              spent: euros(budget.spentCents, locale),
              available: euros(budget.availableCents, locale),
              total: euros(budget.totalCents, locale),
            },
          });
        } catch (error) {
          failures.push(error as Error); // the others still get theirs; the retry skips who has it
        }
      }
    }
    if (failures.length > 0) throw failures[0];
    return 'done';
  }
}
