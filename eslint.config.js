// Flat config: typescript-eslint strict rules for both processes, eslint-plugin-vue for views,
// and import zones that keep the layering of ARCHITECTURE.md (dependencies point downward).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/**
 * Import zones: which layer may import which (ARCHITECTURE.md: dependencies point downward,
 * src-main/shared is the leaf everyone may use). Each zone lists its files and what they must
 * not import; zones are disjoint (`ignores`), because a later config object replacing the rule
 * for the same file would silently drop the earlier zone's restrictions.
 * test/lint/importZones.test.ts checks that a forbidden import fails lint.
 */
const folders = (...names) => names.map((name) => `**/${name}/**`);
const ADAPTERS = ['electron', 'server', 'cli', 'preload'];
const restrict = (message, globs = [], regexes = []) => [
  ...(globs.length ? [{ group: globs, message, allowTypeImports: false }] : []),
  ...regexes.map((regex) => ({ regex, message, allowTypeImports: false })),
];
const zone = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
});

/** What nothing in src-main outside store/ may use: the store owns its database. */
const noSqlite = restrict('the store owns the database: go through src-main/store', [
  'better-sqlite3',
]);
/**
 * A zone whose files must not import the given src-main folders, the electron package (unless
 * allowed) or SQLite.
 */
const below = (files, message, forbiddenFolders, { allowElectron = false, ignores = [] } = {}) =>
  zone(
    files,
    [
      ...restrict(message, [
        ...folders(...forbiddenFolders),
        ...(allowElectron ? [] : ['electron']),
      ]),
      ...noSqlite,
    ],
    ignores,
  );

/**
 * Everything that sits above the store (and so above the engine too): the folders the two
 * bottom layers must not import.
 */
const ABOVE_STORE = [
  'api',
  'runs',
  'sweeps',
  'trainer',
  'analysis',
  'reports',
  'reproduce',
  ...ADAPTERS,
];

/** What the engine may not import, wherever in the engine a file sits. */
const engineOutside = [
  ...restrict(
    'engine is pure tfjs + math: it must not import the store, api, runs, sweeps, trainer, analysis, reports, reproduce or the adapters',
    [...folders('store', ...ABOVE_STORE), 'electron'],
  ),
  ...noSqlite,
];

const zones = [
  zone(
    ['src-main/shared/**/*.ts'],
    restrict(
      'src-main/shared is the leaf of shared names: it imports only zod and its own modules',
      [],
      ['^(?!zod$|\\./)'],
    ),
  ),
  // The engine's leaves: plain schemas and record types, no tfjs, nothing else of the engine.
  zone(
    ['src-main/engine/config/**/*.ts', 'src-main/engine/records/**/*.ts'],
    [
      ...engineOutside,
      ...restrict(
        'engine/config and engine/records are leaves: only zod, src-main/shared and each other',
        ['@tensorflow/*'],
        ['^\\.\\./(?!config/|records/|\\.\\./shared/)'],
      ),
    ],
  ),
  // Models, data, coherence, aggregators, analytics: below the training loop and below the
  // whole-config checks (engine/runConfig.ts uses them; importing it back would be a circle).
  zone(
    ['src-main/engine/*/**/*.ts'],
    [
      ...engineOutside,
      ...restrict(
        'engine parts sit below the training loop (engine/train) and engine/runConfig.ts',
        [],
        ['^\\.\\./(train/|runConfig$)'],
      ),
    ],
    ['src-main/engine/config/**', 'src-main/engine/records/**', 'src-main/engine/train/**'],
  ),
  zone(
    ['src-main/engine/*.ts'],
    [
      ...engineOutside,
      ...restrict('engine modules at the top sit below the training loop', [], ['^\\./train/']),
    ],
  ),
  zone(['src-main/engine/train/**/*.ts'], engineOutside),
  zone(
    ['src-main/store/**/*.ts'],
    restrict('store sits below runs, api, analysis and the adapters: it must not import them', [
      ...folders(...ABOVE_STORE),
      'electron',
    ]),
  ),
  below(
    ['src-main/analysis/**/*.ts', 'src-main/reports/**/*.ts'],
    'analysis and reports compute from values already read: no store, runs, api, reproduce or adapters',
    ['store', 'api', 'runs', 'trainer', 'reproduce', ...ADAPTERS],
  ),
  below(
    ['src-main/runs/**/*.ts', 'src-main/trainer/**/*.ts'],
    'runs/trainer sit below api and the adapters',
    ['api', 'reproduce', ...ADAPTERS],
  ),
  below(['src-main/sweeps/**/*.ts'], 'sweeps sit beside runs, below api and the adapters', [
    'api',
    'trainer',
    'reproduce',
    ...ADAPTERS,
  ]),
  // The reproduction suite: claims, verdict rules and its report, above analysis, reports and
  // sweeps' statistics, below the CLI. It trains and reads runs only through the executor and
  // reader its caller passes in (reproduce/suiteData.ts), so it never opens the store or api.
  below(
    ['src-main/reproduce/**/*.ts'],
    'reproduce trains and reads runs through the executor and reader it is given: no store, api, trainer or adapters',
    ['store', 'api', 'trainer', ...ADAPTERS],
  ),
  below(
    ['src-main/api/**/*.ts'],
    'api is transport-neutral: Electron, server and CLI adapt it, not the reverse',
    ADAPTERS,
  ),
  // The adapters: each adapts the api and none imports another. The one exception is the
  // CLI's `serve` command, which is where the command line starts the browser-mode server.
  below(
    ['src-main/electron/**/*.ts'],
    'adapters do not import each other: electron uses api, not server or cli',
    ['server', 'cli', 'preload'],
    { allowElectron: true },
  ),
  below(
    ['src-main/server/**/*.ts'],
    'adapters do not import each other: server uses api, not electron or cli',
    ['electron', 'cli', 'preload'],
  ),
  below(
    ['src-main/cli/**/*.ts'],
    'adapters do not import each other: cli uses api, not electron or server',
    ['electron', 'server', 'preload'],
    { ignores: ['src-main/cli/commands/serveCommand.ts'] },
  ),
  below(
    ['src-main/cli/commands/serveCommand.ts'],
    'the serve command starts the server; it imports nothing of electron',
    ['electron', 'preload'],
  ),
  // The sandboxed preload: Electron's bridge, the zod-free name lists, contract types only.
  zone(
    ['src-main/preload/**/*.ts'],
    [
      {
        regex: '^\\.\\./(?!shared/(apiNames|ipcChannels)$|api/contract$)',
        message:
          'the preload bundles only the zod-free name lists of src-main/shared and contract types',
        allowTypeImports: false,
      },
      {
        regex: '^\\.\\./api/contract$',
        message: 'the preload may import types from the contract, not its zod schemas',
        allowTypeImports: true,
      },
    ],
  ),
  zone(
    ['src-renderer/**/*.{ts,vue}'],
    [
      {
        regex: 'src-main/(?!api/contract$|shared/)',
        message: 'the renderer talks only to the typed API contract and the shared names',
      },
    ],
  ),
];

/**
 * Outside src-main/store nothing touches a store's connection (`store.db`): the store owns its
 * database; tests and benchmarks, which inspect the file itself, may.
 */
const storeOwnsDatabase = {
  files: ['src-main/**/*.ts'],
  ignores: ['src-main/store/**'],
  rules: {
    'no-restricted-syntax': [
      'error',
      ...[
        "MemberExpression[property.name='db'][object.name='store']",
        "MemberExpression[property.name='db'][object.property.name='store']",
      ].map((selector) => ({
        selector,
        message: 'the store owns its database: add a store method instead of using store.db',
      })),
    ],
  },
};

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
  ...zones,
  storeOwnsDatabase,
  prettier,
);
