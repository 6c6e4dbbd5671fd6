// The linter: typescript-eslint's recommended rules over the sources, tests, scripts and benchmarks,
// with the few rules that argue with the house style turned off (each says why). Formatting is
// Prettier's job (.prettierrc.json), so no stylistic rules here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.e2e/**', '.bench/**', 'test/fixtures/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused arguments keep the shape of callbacks (LSP handlers, visitors); a leading _ marks the deliberate ones.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // The l10n bundles are required with literal paths inside try blocks so esbuild bundles those that exist (server/src/l10n.ts).
      '@typescript-eslint/no-require-imports': 'off',
      // Parsers and scanners match control characters on purpose (HOCON and Erlang term readers).
      'no-control-regex': 'off',
      // Walking up a parent chain starts from `this` (`for (let p = this; p; p = p.parent)`).
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  {
    // The 4.x reader escapes `[` inside character classes so its patterns read like the cuttlefish grammar.
    files: ['server/src/syntax/cuttlefish.ts'],
    rules: { 'no-useless-escape': 'off' },
  },
  {
    // Functions passed to page.evaluate() run in the browser.
    files: ['scripts/e2e/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.mocha } },
    rules: {
      // Tests build partial LSP messages and protocol objects by hand.
      '@typescript-eslint/no-explicit-any': 'off',
      // Chai-less assertions such as `expect(x).to.be.true` are not used, but `void promise;` and `a && b()` in tests are deliberate.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
);
