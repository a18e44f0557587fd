// The ESLint setup a user runs today to catch exits (issue 6): only `n/no-process-exit` and
// `unicorn/no-process-exit`, as in ../shared/bench/ANCHORS.md. JS files are parsed by espree
// (flat-config defaults: sourceType module for .js/.mjs, commonjs for .cjs), TypeScript files by
// @typescript-eslint/parser without type information.
import tsParser from '@typescript-eslint/parser';
import n from 'eslint-plugin-n';
import unicorn from 'eslint-plugin-unicorn';

const rules = { 'n/no-process-exit': 'warn', 'unicorn/no-process-exit': 'warn' };
const common = {
  plugins: { n, unicorn },
  rules,
  // The corpus's own eslint-disable comments must not skip work.
  linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
};

export default [
  // The corpus is a node_modules tree: un-ignore ESLint's default `**/node_modules/`.
  { ignores: ['!**/node_modules/'] },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'], ...common },
  { files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'], languageOptions: { parser: tsParser }, ...common },
];
