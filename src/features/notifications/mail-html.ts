/**
 * The HTML part of a mail, made from its text part so both always say the same. In the look of
 * the pages (the vakvoucher theme's colours and font, inline because mail clients drop
 * stylesheets); every character of the text is escaped, and web addresses become links.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const URL = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;

function linkified(line: string): string {
  let html = '';
  let last = 0;
  for (const match of line.matchAll(URL)) {
    html += escapeHtml(line.slice(last, match.index));
    const href = escapeHtml(match[0]);
    html += `<a href="${href}" style="color:#00598a">${href}</a>`;
    last = match.index + match[0].length;
  }
  return html + escapeHtml(line.slice(last));
}

export function mailHtml(subject: string, text: string, locale: 'nl' | 'en'): string {
  const paragraphs = text
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 16px">${p.split('\n').map(linkified).join('<br>')}</p>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;background:#f3f3f3;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f3f3"><tr><td align="center" style="padding:24px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:640px;background:#ffffff;border-top:6px solid #00598a">
<tr><td style="padding:16px 24px;font-weight:bold;font-size:20px;color:#00598a">Vakvoucher</td></tr>
<tr><td style="padding:8px 24px 24px">
<h1 style="font-size:22px;margin:0 0 16px;color:#1a1a1a">${escapeHtml(subject)}</h1>
${paragraphs}
</td></tr>
</table>
</td></tr></table>
</body>
</html>
`;
}
