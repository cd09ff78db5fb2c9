import { Controller, Get, Param, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiExcludeController } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { Public } from '../../../platform/auth/public.decorator';
import { mailboxList, mailboxMail } from '../../../platform/mail/mailbox';
import { PageErrorFilter } from '../http/page-error.filter';
import { PageGuard, PageRefusal } from '../http/page.guard';
import { PageKit } from '../http/page-kit.service';
import type { PageReply, PageRequest } from '../http/page-state';
import { sendPage } from '../http/render';
import { MailboxPage, MailPage } from '../views/mailbox-pages';

/**
 * The local mailbox (no SMTP_URL): every mail the system sent, to read in the browser. Only in
 * AUTH_MODE=local outside production, like the demo login: it shows everyone's mail.
 */
@ApiExcludeController()
@Public()
@Controller('dev/mailbox')
@UseGuards(PageGuard)
@UseFilters(PageErrorFilter)
export class MailboxController {
  constructor(
    private readonly kit: PageKit,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  private ensureOpen() {
    const open = this.config.AUTH_MODE === 'local' && this.config.NODE_ENV !== 'production' && !this.config.SMTP_URL;
    if (!open) throw new PageRefusal('not-found');
  }

  @Get()
  async list(@Req() request: PageRequest, @Res() reply: PageReply) {
    this.ensureOpen();
    sendPage(reply, 200, MailboxPage({ frame: this.kit.frame(request), mails: await mailboxList(this.db) }));
  }

  @Get(':id')
  async one(@Param('id') id: string, @Req() request: PageRequest, @Res() reply: PageReply) {
    this.ensureOpen();
    const mail = await mailboxMail(this.db, id);
    if (!mail) throw new PageRefusal('not-found');
    sendPage(reply, 200, MailPage({ frame: this.kit.frame(request), mail }));
  }

  /** The HTML part as the mail client would show it; it may not run script or load anything. */
  @Get(':id/html')
  async html(@Param('id') id: string, @Res() reply: PageReply) {
    this.ensureOpen();
    const mail = await mailboxMail(this.db, id);
    if (!mail?.html) throw new PageRefusal('not-found');
    void reply
      .header('content-type', 'text/html; charset=utf-8')
      .header(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; form-action 'none'; base-uri 'none'",
      )
      .header('cache-control', 'no-store')
      .send(mail.html);
  }
}
