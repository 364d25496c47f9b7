import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['lib/', 'dist/', 'dist-check/', 'coverage/', 'node_modules/', 'bench/.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read JSON request bodies whose shape the assertions check.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The core must stay platform-independent: no Probot, Actions toolkit or CLI code.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'prom-client',
                '@opentelemetry/sdk-*',
                '@opentelemetry/exporter-*',
                '@opentelemetry/context-async-hooks',
                '@opentelemetry/resources',
              ],
              message:
                'src/core stays free of telemetry SDKs: the App attaches observers (ModelClient.observe).',
            },
            {
              group: ['probot', '@probot/*', '@actions/*'],
              message: 'src/core never imports Probot or @actions.',
            },
            {
              group: ['**/cli/**', '**/app/**', '**/action/**'],
              message: 'src/core never imports adapters.',
            },
          ],
        },
      ],
    },
  },
);
