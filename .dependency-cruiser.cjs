/**
 * Layer rules (run by `npm run lint:layers`; test/layer-rules.e2e-spec.ts shows each one firing).
 *
 *   libs/workflow        app-free library: imports nothing from src/, test/, bench/, scripts/
 *   src/platform/*       may import libs and other platform folders
 *   src/features/*       may import libs, platform and other features (no cycles)
 *   src/entry/*          api, worker, seed, web: may import everything below, but not one another
 *   src/*.ts             composition roots (main.ts, app.module.ts, entities.ts, ...): anything in src
 *   test, bench, scripts may import anything; nothing in src/ or libs/ imports them
 *
 * Paths are relative to the directory depcruise runs in (the repository root; the test runs it in a
 * fixture tree laid out the same way), so every rule is anchored with ^.
 */
const path = require('node:path');

/** A TypeORM entity file of some feature. */
const FEATURE_ENTITY = '^src/features/[^/]+/.+[.]entity[.]ts$';
/** Reading an entity that was passed in is fine; importing it for its table is not. */
const TYPE_ONLY = ['type-only', 'pre-compilation-only'];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles between files, type-only imports included.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-feature-cycles',
      severity: 'error',
      comment: 'Features may import one another, but the feature folders must not form a cycle.',
      scope: 'folder',
      from: { path: '^src/features/[^/]+$' },
      to: { path: '^src/features/[^/]+$', circular: true },
    },
    {
      name: 'libs-are-app-free',
      severity: 'error',
      comment: 'libs/ is the lowest layer: nothing from src/, test/, bench/ or scripts/.',
      from: { path: '^libs/' },
      to: { path: '^(?:src|test|bench|scripts)/' },
    },
    {
      name: 'platform-imports-platform-and-libs-only',
      severity: 'error',
      comment: 'src/platform may import libs and other platform folders only (not features, entry, roots).',
      from: { path: '^src/platform/' },
      to: { path: '^src/', pathNot: '^src/platform/' },
    },
    {
      name: 'features-import-no-entry-or-roots',
      severity: 'error',
      comment: 'src/features may import libs, platform and features: not entry points or composition roots.',
      from: { path: '^src/features/' },
      to: { path: '^src/', pathNot: '^src/(?:platform|features)/' },
    },
    {
      name: 'entry-points-are-independent',
      severity: 'error',
      comment: 'An entry folder (api, worker, seed, web) must not import another one.',
      from: { path: '^src/entry/([^/]+)/' },
      to: { path: '^src/entry/', pathNot: '^src/entry/$1/' },
    },
    {
      name: 'entry-imports-no-roots',
      severity: 'error',
      comment: 'Composition roots (src/*.ts) import the entry points, never the other way round.',
      from: { path: '^src/entry/' },
      to: { path: '^src/[^/]+$' },
    },
    {
      name: 'no-import-from-tooling',
      severity: 'error',
      comment: 'Nothing in src/ or libs/ imports from test/, bench/ or scripts/.',
      from: { path: '^(?:src|libs)/' },
      to: { path: '^(?:test|bench|scripts)/' },
    },
    {
      name: 'feature-entities-stay-home',
      severity: 'error',
      comment:
        "No feature reads another feature's tables: only src/features/<x>/ imports the entities of <x>. " +
        'Type-only imports are allowed (reading an entity that was passed in is fine).',
      from: { path: '^src/features/([^/]+)/' },
      to: { path: FEATURE_ENTITY, pathNot: '^src/features/$1/', dependencyTypesNot: TYPE_ONLY },
    },
    {
      name: 'feature-entities-stay-home',
      severity: 'error',
      comment:
        'Outside src/features only the composition roots (src/entities.ts), src/entry/seed, test, bench and ' +
        'scripts may import feature entities for their tables.',
      from: { path: '^src/(?:platform|entry)/', pathNot: '^src/entry/seed/' },
      to: { path: FEATURE_ENTITY, dependencyTypesNot: TYPE_ONLY },
    },
    {
      name: 'feature-entities-stay-home',
      severity: 'error',
      comment: 'libs/ never sees an entity.',
      from: { path: '^libs/' },
      to: { path: FEATURE_ENTITY },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing on disk is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^test/fixtures/', '^dist/', '^bench/results/'] },
    // Keep type-only imports in the graph, and tell them apart ("type-only" for `import type`,
    // "pre-compilation-only" for an import the compiler drops because only its types are used).
    tsPreCompilationDeps: 'specify',
    tsConfig: { fileName: path.join(__dirname, 'tsconfig.json') },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
