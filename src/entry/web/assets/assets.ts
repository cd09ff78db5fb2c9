import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keepTokens, keepUsed, utrechtClassesIn } from './css-subset';

/** The source of the views, whose Utrecht class names decide what of the library is kept. */
function viewSources(): string {
  const dir = join(__dirname, '..', 'views');
  return readdirSync(dir)
    .filter((f) => /\.(tsx|js)$/.test(f))
    .map((f) => read(join(dir, f)))
    .join('\n');
}

const LICENCE = `/*! Utrecht component library CSS and NL Design System example tokens: EUPL-1.2 (Gemeente Utrecht, Frameless B.V., NL Design System community). Vakvoucher theme and layout. */\n`;

export interface Asset {
  /** The URL path, with the content's hash in the name: /assets/site.3f2a…css */
  path: string;
  contentType: string;
  body: Buffer;
}

const read = (file: string) => readFileSync(file, 'utf8');
const local = (name: string) => read(join(__dirname, name));

function hashed(name: string, ext: string, contentType: string, text: string): Asset {
  const body = Buffer.from(text);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { path: `/assets/${name}.${hash}.${ext}`, contentType, body };
}

/**
 * The stylesheet and script of the pages, built once per process: the Utrecht classes our views use,
 * the example tokens they read, the Vakvoucher theme and our layout. The hash in each name
 * changes with the content, so browsers may keep them for a year.
 */
export function buildAssets(): { css: Asset; js: Asset } {
  const used = utrechtClassesIn(viewSources());
  const components = keepUsed(read(require.resolve('@utrecht/component-library-css/dist/index.css')), used);
  // Our own sheets go through the same minifier (their every rule is kept).
  const theme = keepUsed(local('vakvoucher-theme.css'), used);
  const layout = keepUsed(local('app.css'), used);
  const tokens = keepTokens(
    read(require.resolve('@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css')),
    [components, theme, layout].join('\n'),
  );
  const css = [LICENCE, tokens, components, theme, layout].join('\n');
  return {
    css: hashed('site', 'css', 'text/css; charset=utf-8', css),
    js: hashed('enhance', 'js', 'text/javascript; charset=utf-8', local('enhance.js')),
  };
}
