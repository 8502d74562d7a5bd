import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../cli/cliHarness';

/**
 * The layering of ARCHITECTURE.md is enforced by import zones in eslint.config.js. These lint
 * small sources as if they were files at the given paths (ESLint's lintText with a filePath:
 * the project's own config decides), and check that each forbidden import is reported by the
 * zone meant to catch it, and that the allowed neighbours are not.
 */
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

async function zoneMessages(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${repoRoot}/${filePath}` });
  return result.messages
    .filter(
      (m) =>
        m.ruleId === '@typescript-eslint/no-restricted-imports' ||
        m.ruleId === 'no-restricted-syntax',
    )
    .map((m) => m.message);
}

const forbidden: Array<[string, string, string, RegExp]> = [
  [
    'the shared leaf importing the engine',
    'src-main/shared/scratchZone.ts',
    "import { SeededRandom } from '../engine/rng';\nexport const r = SeededRandom;\n",
    /imports only zod/,
  ],
  [
    'the engine importing the store',
    'src-main/engine/train/scratchZone.ts',
    "import { ProjectStore } from '../../store/projectStore';\nexport const s = ProjectStore;\n",
    /engine is pure/,
  ],
  [
    'an engine part importing the training loop',
    'src-main/engine/model/scratchZone.ts',
    "import { runTraining } from '../train/trainLoop';\nexport const r = runTraining;\n",
    /below the training loop/,
  ],
  [
    'an aggregator importing the whole-config checks (the old circle)',
    'src-main/engine/aggregators/scratchZone.ts',
    "import { parseRunConfig } from '../runConfig';\nexport const p = parseRunConfig;\n",
    /below the training loop/,
  ],
  [
    'the config leaf importing a model module',
    'src-main/engine/config/scratchZone.ts',
    "import { parameterCount } from '../model/parameterCount';\nexport const p = parameterCount;\n",
    /are leaves/,
  ],
  [
    'the records leaf importing tfjs',
    'src-main/engine/records/scratchZone.ts',
    "import * as tf from '@tensorflow/tfjs';\nexport const t = tf;\n",
    /are leaves/,
  ],
  [
    'the store importing the api',
    'src-main/store/scratchZone.ts',
    "import { ApiError } from '../api/apiError';\nexport const e = ApiError;\n",
    /store sits below/,
  ],
  [
    'runs importing the api',
    'src-main/runs/scratchZone.ts',
    "import { handlers } from '../api/handlerTable';\nexport const h = handlers;\n",
    /below api/,
  ],
  [
    'the trainer opening SQLite itself',
    'src-main/trainer/scratchZone.ts',
    "import Database from 'better-sqlite3';\nexport const d = Database;\n",
    /store owns the database/,
  ],
  [
    'analysis reading the store',
    'src-main/analysis/scratchZone.ts',
    "import { ProjectStore } from '../store/projectStore';\nexport const s = ProjectStore;\n",
    /compute from values already read/,
  ],
  [
    'reproduce opening the store',
    'src-main/reproduce/scratchZone.ts',
    "import { ProjectStore } from '../store/projectStore';\nexport const s = ProjectStore;\n",
    /executor and reader it is given/,
  ],
  [
    'reproduce calling the api',
    'src-main/reproduce/scratchZone.ts',
    "import { createLabApi } from '../api/labApi';\nexport const c = createLabApi;\n",
    /executor and reader it is given/,
  ],
  [
    'analysis importing the reproduction suite',
    'src-main/analysis/scratchZone.ts',
    "import { planReproduction } from '../reproduce/reproduction';\nexport const p = planReproduction;\n",
    /compute from values already read/,
  ],
  [
    'sweeps importing the reproduction suite',
    'src-main/sweeps/scratchZone.ts',
    "import { planReproduction } from '../reproduce/reproduction';\nexport const p = planReproduction;\n",
    /sweeps sit beside runs/,
  ],
  [
    'the api importing an adapter',
    'src-main/api/scratchZone.ts',
    "import { startLabServer } from '../server/labServer';\nexport const s = startLabServer;\n",
    /transport-neutral/,
  ],
  [
    'electron importing the server',
    'src-main/electron/scratchZone.ts',
    "import { startLabServer } from '../server/labServer';\nexport const s = startLabServer;\n",
    /adapters do not import each other/,
  ],
  [
    'the server importing the cli',
    'src-main/server/scratchZone.ts',
    "import { printJson } from '../cli/cliSession';\nexport const p = printJson;\n",
    /adapters do not import each other/,
  ],
  [
    'the cli importing the server outside the serve command',
    'src-main/cli/commands/scratchZone.ts',
    "import { startLabServer } from '../../server/labServer';\nexport const s = startLabServer;\n",
    /adapters do not import each other/,
  ],
  [
    'the preload importing the contract’s schemas',
    'src-main/preload/scratchZone.ts',
    "import { apiInputs } from '../api/contract';\nexport const a = apiInputs;\n",
    /not its zod schemas/,
  ],
  [
    'the preload importing a shared module that bundles zod',
    'src-main/preload/scratchZone.ts',
    "import { RUN_STATUSES } from '../shared/runStatus';\nexport const r = RUN_STATUSES;\n",
    /zod-free name lists/,
  ],
  [
    'the renderer importing the store',
    'src-renderer/src/scratchZone.ts',
    "import { ProjectStore } from '../../src-main/store/projectStore';\nexport const s = ProjectStore;\n",
    /talks only to the typed API contract/,
  ],
  [
    'the api reaching into the store’s connection',
    'src-main/api/scratchZone.ts',
    'export const pages = (ctx: { store: { db: { pragma(s: string): unknown } } }): unknown =>\n  ctx.store.db.pragma("page_count");\n',
    /store owns its database/,
  ],
];

const allowed: Array<[string, string, string]> = [
  [
    'the shared leaf importing zod and itself',
    'src-main/shared/scratchZone.ts',
    "import { z } from 'zod';\nimport { RUN_STATUSES } from './runStatus';\nexport const s = z.enum(RUN_STATUSES);\n",
  ],
  [
    'an engine part importing the config leaf and the shared names',
    'src-main/engine/model/scratchZone.ts',
    "import type { ModelConfig } from '../config/configSchemas';\nimport { SUBSETS } from '../../shared/metricVocabulary';\nexport const s: ModelConfig | typeof SUBSETS = SUBSETS;\n",
  ],
  [
    'the serve command starting the server',
    'src-main/cli/commands/serveCommand.ts',
    "import { startLabServer } from '../../server/labServer';\nexport const s = startLabServer;\n",
  ],
  [
    'reproduce using presets, analysis, reports and the sweeps’ statistics',
    'src-main/reproduce/scratchZone.ts',
    "import { findPreset } from '../runs/presets';\nimport { cellSeries } from '../sweeps/cellSeriesStatistics';\nimport { renderSvgChart } from '../reports/svgCharts';\nimport { median } from './stepSeries';\nexport const x = [findPreset, cellSeries, renderSvgChart, median];\n",
  ],
  [
    'the cli running the reproduction suite',
    'src-main/cli/commands/scratchZone.ts',
    "import { planReproduction } from '../../reproduce/reproduction';\nexport const p = planReproduction;\n",
  ],
  [
    'the preload importing contract types and the IPC names',
    'src-main/preload/scratchZone.ts',
    "import type { ApiErrorBody } from '../api/contract';\nimport { API_METHODS } from '../shared/apiNames';\nexport const m: ReadonlyArray<string | ApiErrorBody> = API_METHODS;\n",
  ],
  [
    'the renderer importing the contract and the shared names',
    'src-renderer/src/scratchZone.ts',
    "import type { RunListRow } from '../../src-main/api/contract';\nimport { SUBSETS } from '../../src-main/shared/metricVocabulary';\nexport const s: ReadonlyArray<string | RunListRow> = SUBSETS;\n",
  ],
];

describe('import zones (eslint.config.js)', () => {
  it.each(forbidden)('refuses %s', async (_what, filePath, source, expected) => {
    const messages = await zoneMessages(filePath, source);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.join('\n')).toMatch(expected);
  });

  it.each(allowed)('allows %s', async (_what, filePath, source) => {
    expect(await zoneMessages(filePath, source)).toEqual([]);
  });
});
