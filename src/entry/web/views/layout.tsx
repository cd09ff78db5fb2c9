import type { ComponentChildren } from 'preact';
import { fill } from '../i18n/i18n';
import type { Frame } from './frame';

export interface LayoutProps {
  frame: Frame;
  /** The page's own title (the h1, mostly); the site name is added. */
  title: string;
  /** The page shows the form again with errors: the title says so first (GOV.UK). */
  hasErrors?: boolean;
  children: ComponentChildren;
}

/** The hidden field every POST form carries. */
export function CsrfField({ frame }: { frame: Frame }) {
  return <input type="hidden" name="_csrf" value={frame.csrf} />;
}

/** The page around every page's content: skip link, header with the language switch, main, footer. */
export function Layout({ frame, title, hasErrors, children }: LayoutProps) {
  const { t, lang } = frame.speech;
  const other = t.site.languageSwitchLang;
  const fullTitle = `${hasErrors ? t.site.errorPrefix : ''}${title} - ${t.site.titleSuffix}`;
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <link rel="stylesheet" href={frame.assets.css} />
        <script src={frame.assets.js} defer />
      </head>
      <body class="utrecht-document utrecht-document--surface voorbeeld-theme vakvoucher-theme">
        <a class="utrecht-skip-link utrecht-skip-link--visible-on-focus vv-skip-link" href="#main">
          {t.site.skipLink}
        </a>
        <header class="utrecht-page-header vv-header">
          <div class="vv-container">
            <a class="vv-brand" href="/">
              <span class="vv-brand__name">{t.site.name}</span>
              <span class="vv-brand__owner">{t.site.owner}</span>
            </a>
            <nav aria-label={t.site.mainNav}>
              <ul class="vv-nav">
                {(frame.user?.role === 'officer' || frame.user?.role === 'admin') && (
                  <li>
                    <a href="/officer">{t.officer.nav}</a>
                  </li>
                )}
                {frame.user?.role === 'applicant' && (
                  <li>
                    <a href="/applications">{t.site.myApplications}</a>
                  </li>
                )}
                {(frame.user?.role === 'provincial' || frame.user?.role === 'admin') && (
                  <li>
                    <a href="/province">{t.province.nav}</a>
                  </li>
                )}
                {frame.user?.role === 'admin' && (
                  <li>
                    <a href="/admin/programmes">{t.admin.nav}</a>
                  </li>
                )}
                {frame.user?.role === 'admin' && (
                  <li>
                    <a href="/admin/queues">{t.admin.queuesNav}</a>
                  </li>
                )}
                <li>
                  <a href={`${frame.path}?lang=${other}`} lang={other} hrefLang={other}>
                    {t.site.languageSwitch}
                  </a>
                </li>
                {frame.user ? (
                  <li>
                    <form method="post" action="/logout">
                      <CsrfField frame={frame} />
                      <span>{fill(t.site.loggedInAs, { name: frame.user.name })}</span>{' '}
                      <button type="submit" class="vv-linklike">
                        {t.site.logout}
                      </button>
                    </form>
                  </li>
                ) : (
                  <li>
                    <a href="/login">{t.site.login}</a>
                  </li>
                )}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="vv-main" tabIndex={-1}>
          <div class="vv-container">{children}</div>
        </main>
        <footer class="utrecht-page-footer vv-footer">
          <div class="vv-container">
            <nav aria-label={t.site.footerLabel}>
              <ul>
                <li>
                  <a href="/contact">{t.site.contact}</a>
                </li>
                <li>
                  <a href="/privacy">{t.site.privacy}</a>
                </li>
                <li>
                  <a href="/toegankelijkheid">{t.site.accessibility}</a>
                </li>
              </ul>
            </nav>
          </div>
        </footer>
      </body>
    </html>
  );
}
