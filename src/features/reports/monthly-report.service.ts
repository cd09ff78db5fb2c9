import { Injectable } from '@nestjs/common';
import { dutchDate } from '../../platform/kernel/dates';
import { NotificationsService } from '../notifications/notifications.service';
import { dateTime, euros, localeOf } from '../notifications/wording';
import { ProgrammesService } from '../programmes/programmes.service';
import { StaffDirectory } from '../staff/staff-directory.service';
import { provinceReportCsv } from './report-csv';
import { ReportsService } from './reports.service';

/**
 * On the first of the month every provincial staff member gets their province's report by
 * mail, CSV attached, through the notification pipeline (once per province, month and
 * person). It is the report provincial staff may see: small gender and target-group cells
 * show as "<5".
 */
@Injectable()
export class MonthlyReportService {
  constructor(
    private readonly reports: ReportsService,
    private readonly programmes: ProgrammesService,
    private readonly staff: StaffDirectory,
    private readonly notifications: NotificationsService,
  ) {}

  /** Sends the month's report of every province that has provincial staff. */
  async send(now: Date = new Date()): Promise<'done'> {
    const month = dutchDate(now).slice(0, 7);
    const failures: Error[] = [];
    for (const province of await this.staff.provincesWithStaff()) {
      const programmes = await this.programmes.inProvince(province);
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
