// Flat config: typescript-eslint strict rules for both processes, eslint-plugin-vue for views,
// and import zones that keep the layering of ARCHITECTURE.md (dependencies point downward).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const layer = (files, forbidden, message) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((group) => ({ group: [group], message, allowTypeImports: false })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-output/**', 'dist/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  layer(
    ['src-main/engine/**/*.ts'],
    [
      '**/store/**',
      '**/api/**',
      '**/runs/**',
      '**/electron/**',
      '**/server/**',
      '**/cli/**',
      '**/trainer/**',
      'electron',
      'better-sqlite3',
    ],
    'engine is pure tfjs + math: it must not import store, api, runs, electron or the adapters',
  ),
  layer(
    ['src-main/store/**/*.ts'],
    ['**/api/**', '**/runs/**', '**/electron/**', '**/server/**', '**/cli/**', 'electron'],
    'store sits below runs/api: it must not import them',
  ),
  layer(
    ['src-main/runs/**/*.ts', 'src-main/trainer/**/*.ts'],
    ['**/api/**', '**/electron/**', '**/server/**', '**/cli/**', 'electron'],
    'runs/trainer sit below api and the adapters',
  ),
  layer(
    ['src-main/sweeps/**/*.ts'],
    ['**/api/**', '**/electron/**', '**/server/**', '**/cli/**', 'electron'],
    'sweeps sit beside runs, below api and the adapters',
  ),
  layer(
    ['src-main/api/**/*.ts'],
    ['**/electron/**', '**/server/**', '**/cli/**', 'electron'],
    'api is transport-neutral: Electron, server and CLI adapt it, not the reverse',
  ),
  {
    files: ['src-renderer/**/*.{ts,vue}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'src-main/(?!api/contract$)',
              message: 'the renderer talks only to the typed API contract',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
