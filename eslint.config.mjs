// ESLint 9 flat config: typescript-eslint's type-checked rules over src, libs, test, bench and scripts.
// Formatting is Prettier's job (.prettierrc.json), so eslint-config-prettier comes last and turns off
// every stylistic rule. Import layering is dependency-cruiser's (.dependency-cruiser.cjs).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const nodeGlobals = {
  require: 'readonly',
  module: 'writable',
  exports: 'writable',
  __dirname: 'readonly',
  __filename: 'readonly',
  process: 'readonly',
  console: 'readonly',
};

export default defineConfig(
  {
    ignores: ['dist/', 'coverage/', 'node_modules/', 'bench/results/', 'test/fixtures/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Promises: both stay on, everywhere.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `_`-prefixed names mark a parameter or binding kept for its position (Nest handlers, tuples).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read what the code under test hands back untyped: HTTP response bodies (JSON, `any`) and
    // rows from raw `db.query`/`tx.query` (TypeORM types them `any`). Typing every expectation would
    // add nothing but casts, so the no-unsafe-* family and no-explicit-any are off for tests only.
    // Fakes implement async interfaces without awaiting (require-await), and jest's
    // `expect(obj.method)` is the usual false positive of unbound-method.
    files: ['test/**/*.ts', '**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The benchmark is measuring tooling: bench/reference/server.ts is a bare pg + HTTP server that
    // reads untyped rows, and the scenarios read untyped JSON responses. Same reasoning as tests.
    // In src, libs and scripts every no-unsafe-* rule stays on: give raw query rows a type
    // (`db.query<Row[]>(...)`, `client.query<Row>(...)`).
    files: ['bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Plain JavaScript (jest.config.js, scripts/trim-lockfile.js, the ts-node cache hook, this file):
    // CommonJS on Node, outside tsconfig.json, so no type information.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: 'commonjs', globals: nodeGlobals },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  },
  {
    // The pages' one script runs in the browser, as a classic script.
    files: ['src/entry/web/assets/*.js'],
    languageOptions: { sourceType: 'script', globals: { document: 'readonly' } },
  },
  prettier,
);
