import { buildAssets } from './assets';
import { keepTokens, keepUsed, topLevelBlocks, utrechtClassesIn } from './css-subset';

describe('the stylesheet subset', () => {
  const library = `
    /* licence */
    @charset "UTF-8";
    .utrecht-button { color: var(--utrecht-button-color); }
    .utrecht-button:hover, .utrecht-button--hover { color: var(--utrecht-button-hover-color); }
    .utrecht-rich-text .utrecht-button { margin: 0; }
    .utrecht-select { color: red; }
    @media (forced-colors: active) { .utrecht-button { border: 1px solid; } .utrecht-select { border: 0; } }
    .utrecht-button:is(.utrecht-button--busy, :focus) { outline: 0; }
  `;

  it('splits CSS into top-level blocks, nested at-rules whole', () => {
    const blocks = topLevelBlocks(library);
    expect(blocks.map((b) => b.prelude)).toEqual([
      '.utrecht-button',
      '.utrecht-button:hover, .utrecht-button--hover',
      '.utrecht-rich-text .utrecht-button',
      '.utrecht-select',
      '@media (forced-colors: active)',
      '.utrecht-button:is(.utrecht-button--busy, :focus)',
    ]);
  });

  it('keeps only selectors whose every Utrecht class the views use', () => {
    const kept = keepUsed(library, new Set(['utrecht-button']));
    expect(kept).toContain('.utrecht-button{color:var(--utrecht-button-color)}');
    expect(kept).toContain('.utrecht-button:hover{');
    expect(kept).not.toContain('--hover');
    expect(kept).not.toContain('rich-text');
    expect(kept).not.toContain('utrecht-select');
    expect(kept).toContain('@media (forced-colors: active){.utrecht-button{border:1px solid}}');
    expect(kept).not.toContain('busy');
  });

  it('keeps the tokens the kept CSS reads, and the tokens those read', () => {
    const tokens = `.voorbeeld-theme { --utrecht-button-color: var(--basis-a); --basis-a: var(--basis-b); --basis-b: #000; --unused: 1px; }`;
    expect(keepTokens(tokens, 'x { color: var(--utrecht-button-color) }')).toBe(
      '.voorbeeld-theme{--utrecht-button-color:var(--basis-a);--basis-a:var(--basis-b);--basis-b:#000}',
    );
  });

  it('finds the Utrecht classes in view source', () => {
    expect([...utrechtClassesIn('<a class="utrecht-link utrecht-link--html-a">')]).toEqual([
      'utrecht-link',
      'utrecht-link--html-a',
    ]);
  });

  it('builds a bundle with the theme, named by its content hash, far below the whole library', () => {
    const { css, js } = buildAssets();
    expect(css.path).toMatch(/^\/assets\/site\.[0-9a-f]{16}\.css$/);
    expect(js.path).toMatch(/^\/assets\/enhance\.[0-9a-f]{16}\.js$/);
    const text = css.body.toString();
    expect(text).toContain('.vakvoucher-theme{');
    expect(text).toContain('.utrecht-button{');
    expect(text).toContain('--basis-color-action-1-inverse-bg-default');
    expect(css.body.length).toBeLessThan(120 * 1024);
    expect(buildAssets().css.path).toBe(css.path);
  });
});
