/**
 * Takes from the Utrecht component library only the components the pages use, and from the
 * design tokens only the custom properties those components (and our theme) read, so the apply
 * page stays light: the whole library and token set are about 600 KB, the pages need a tenth.
 */

interface Block {
  /** The selector or at-rule before `{`, trimmed. */
  prelude: string;
  body: string;
}

/** Splits CSS into its top-level blocks (`prelude { body }`), skipping comments and stray at-statements. */
export function topLevelBlocks(css: string): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  let start = 0;
  while (i < css.length) {
    const c = css[i];
    if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      // A comment before a prelude is dropped with it; licence comments are added back once by the bundler.
      const before = css.slice(start, i);
      i = end < 0 ? css.length : end + 2;
      if (before.trim() === '') start = i;
      continue;
    }
    if (c === ';' && css.slice(start, i).trim().startsWith('@')) {
      start = i + 1; // @charset, @import: not needed in a bundle
      i++;
      continue;
    }
    if (c === '{') {
      let depth = 1;
      let j = i + 1;
      while (j < css.length && depth > 0) {
        if (css[j] === '/' && css[j + 1] === '*') {
          const end = css.indexOf('*/', j + 2);
          j = end < 0 ? css.length : end + 2;
          continue;
        }
        if (css[j] === '"' || css[j] === "'") {
          const quote = css[j];
          j++;
          while (j < css.length && css[j] !== quote) j += css[j] === '\\' ? 2 : 1;
        }
        if (css[j] === '{') depth++;
        else if (css[j] === '}') depth--;
        j++;
      }
      blocks.push({
        prelude: css
          .slice(start, i)
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .trim(),
        body: css.slice(i + 1, j - 1),
      });
      i = j;
      start = j;
      continue;
    }
    i++;
  }
  return blocks;
}

/** Splits a selector list at its top-level commas (not those inside :is(…) or :not(…)). */
function selectorList(prelude: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < prelude.length; i++) {
    const c = prelude[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(prelude.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(prelude.slice(start).trim());
  return parts.filter(Boolean);
}

const UTRECHT_CLASS = /\.(utrecht-[a-z0-9_-]+)/g;

/**
 * Keeps the selectors whose every Utrecht class is one the pages use (`used`), and the rules
 * left with any selector; recurses into @media and @supports. A selector such as
 * `.utrecht-rich-text .utrecht-button` goes when the pages have no rich text.
 */
export function keepUsed(css: string, used: ReadonlySet<string>): string {
  const out: string[] = [];
  for (const block of topLevelBlocks(css)) {
    if (/^@(media|supports|layer)\b/.test(block.prelude)) {
      const inner = keepUsed(block.body, used);
      if (inner.trim()) out.push(`${block.prelude}{${inner}}`);
      continue;
    }
    if (block.prelude.startsWith('@')) continue; // @keyframes, @font-face: none of our components animate
    const selectors = selectorList(block.prelude).filter((selector) =>
      [...selector.matchAll(UTRECHT_CLASS)].every((m) => used.has(m[1])),
    );
    if (selectors.length > 0) out.push(`${minifySelector(selectors.join(','))}{${minifyBody(block.body)}}`);
  }
  return out.join('\n');
}

/** The Utrecht class names a piece of source (our views) mentions. */
export function utrechtClassesIn(source: string): Set<string> {
  return new Set([...source.matchAll(/\butrecht-[a-z0-9_-]*[a-z0-9]/g)].map((m) => m[0]));
}

/** Declarations without the white space around them, so a kept rule costs little. */
function minifyBody(body: string): string {
  return body
    .split(';')
    .map((d) => compact(d.trim().replace(/^([-\w]+)\s*:\s*/, '$1:')))
    .filter(Boolean)
    .join(';');
}

/** White space inside a value collapsed: `var(\n    --a,\n    b\n  )` → `var(--a,b)`. */
function compact(value: string): string {
  return value.replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')').replace(/,\s+/g, ',');
}

function minifySelector(prelude: string): string {
  return prelude.replace(/\s*,\s*/g, ',').replace(/\s+/g, ' ');
}

/** Custom properties `css` reads with var(--name). */
function readVariables(css: string): Set<string> {
  return new Set([...css.matchAll(/var\(\s*(--[A-Za-z0-9_-]+)/g)].map((m) => m[1]));
}

/**
 * From token sheets (`.theme { --a: …; }` blocks), keeps the declarations `used` reads,
 * directly or through other tokens, under the same selectors.
 */
export function keepTokens(tokenCss: string, used: string): string {
  const declarations = new Map<string, string>();
  const blocks = topLevelBlocks(tokenCss).filter((b) => !b.prelude.startsWith('@'));
  for (const block of blocks) {
    for (const d of block.body.split(';')) {
      const colon = d.indexOf(':');
      if (colon > 0) declarations.set(d.slice(0, colon).trim(), d.slice(colon + 1).trim());
    }
  }
  const wanted = new Set<string>();
  const queue = [...readVariables(used)];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (wanted.has(name) || !declarations.has(name)) continue;
    wanted.add(name);
    queue.push(...readVariables(declarations.get(name)!));
  }
  return blocks
    .map((block) => {
      const kept = block.body
        .split(';')
        .map((d) => compact(d.trim().replace(/^([-\w]+)\s*:\s*/, '$1:')))
        .filter((d) => wanted.has(d.slice(0, d.indexOf(':')).trim()));
      return kept.length ? `${block.prelude}{${kept.join(';')}}` : '';
    })
    .filter(Boolean)
    .join('\n');
}
