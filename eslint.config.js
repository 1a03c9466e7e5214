// ESLint for the project's TypeScript, with type information: each file is checked in the program of its layer's
// tsconfig.json (shared/, renderer/, electron/, test/, bench/, scripts/), so the rules see the same types as tsc.
// The tree is clean: no bulk suppressions. A rule is disabled only on the one line that needs it, with the reason
// after `--` (today: sip.js's deprecated PUBLISH content type, which has no replacement yet).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const typeScriptFiles = ['**/*.{ts,tsx,mts,cts}'];

/** The react-hooks recommended set with every rule an error: a warning would pass the check unseen. */
const reactHooksRules = Object.fromEntries(Object.keys(reactHooks.configs.flat.recommended.rules).map((rule) => [rule, 'error']));

export default defineConfig([
  { ignores: ['node_modules/', 'dist/', 'test-results/', 'playwright-report/', 'bench/results/', '**/*.{js,mjs,cjs}'] },
  {
    files: typeScriptFiles,
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // The code's conventions: numbers in template strings are fine; a leading _ marks what is unused on purpose.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // In a test, `value!` on a missing value fails the test at that line, which is what a test wants.
    files: ['test/**/*.{ts,tsx,mts,cts}'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooksRules,
  },
]);
