import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src-main/api/apiError';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import { safeFileStem } from '../../src-main/api/runBundle';
import { tempLab } from '../cli/cliHarness';
import { syntheticBundle } from '../reliability/bundleFixture';
import {
  countRows,
  FailFastLauncher,
  integrityOf,
  useLabHome,
} from '../reliability/reliabilityHarness';

const lab = tempLab();
let api: LabApi;
let exported = '';

useLabHome(lab.dir);

beforeAll(async () => {
  api = await createLabApi({ projectPath: lab.db, launcher: new FailFastLauncher() });
  await api.call('runs.importJson', { json: JSON.stringify(syntheticBundle(12, 'original')) });
  exported = ((await api.call('runs.exportJson', { runIds: [1] })) as { json: string }).json;
});
afterAll(async () => {
  await api.close();
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path into a JSON tree (objects by key, arrays by index). */
function pathsOf(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value)
    ? value.map((v, i) => pathsOf(v, [...prefix, i]))
    : Object.entries(value).map(([k, v]) => pathsOf(v, [...prefix, k]));
  return [prefix, ...children.flat()];
}

function setAt(root: Json, path: Array<string | number>, value: Json): Json {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[path[path.length - 1]] = value;
  return copy as Json;
}

/** Values that make a bundle invalid wherever they land (or stay valid: both are checked). */
const badValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, -1, 1.5, '', 'NaN', [], {}, true, 'x'.repeat(100_000), [
    1,
    'a',
    null,
  ]),
  fc.constant(null).map(() => JSON.parse('{"__proto__":{"polluted":1}}') as Json),
  fc.integer().map((n) => n as Json),
  fc.string().map((s) => s as Json),
);

describe('importing an exported bundle validates it like any other input', () => {
  it('round-trips the real export', async () => {
    const before = countRows(lab.db, 'runs');
    await api.call('runs.importJson', { json: exported });
    expect(countRows(lab.db, 'runs')).toBe(before + 1);
  });

  it('refuses mutated bundles with invalid-input and writes nothing', async () => {
    const original = JSON.parse(exported) as Json;
    const paths = pathsOf(original).filter((p) => p.length > 0);
    const cases = fc.sample(fc.tuple(fc.constantFrom(...paths), badValue), {
      numRuns: 300,
      seed: 7,
    });
    let refused = 0;
    for (const [path, value] of cases) {
      const runs = countRows(lab.db, 'runs');
      const points = countRows(lab.db, 'metric_points');
      try {
        await api.call('runs.importJson', { json: JSON.stringify(setAt(original, path, value)) });
      } catch (error) {
        expect(error, path.join('.')).toBeInstanceOf(ApiError);
        expect((error as ApiError).body.code, path.join('.')).toBe('invalid-input');
        expect(countRows(lab.db, 'runs'), path.join('.')).toBe(runs);
        expect(countRows(lab.db, 'metric_points'), path.join('.')).toBe(points);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(150);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(integrityOf(lab.db)).toBe('ok');
  });

  it('refuses non-finite numbers, tensors that do not fill their shape, and huge arrays', async () => {
    const runs = countRows(lab.db, 'runs');
    const text = exported;
    const bundle = JSON.parse(text) as ReturnType<typeof syntheticBundle>;
    const variants: Array<[string, string]> = [
      ['Infinity in a metric (1e999)', text.replace(/"value":([-0-9.e]+)/, '"value":1e999')],
      ['NaN as a string', text.replace(/"value":([-0-9.e]+)/, '"value":"NaN"')],
      ['not JSON', text.slice(0, text.length / 2)],
      [
        'weights short of their shape',
        JSON.stringify({
          ...bundle,
          runs: [{ ...bundle.runs[0], weights: { w: { shape: [100_000, 100_000], values: [1] } } }],
        }),
      ],
      [
        'probe arrays of different lengths',
        JSON.stringify({
          ...bundle,
          runs: [
            {
              ...bundle.runs[0],
              probes: { train: { positions: [0, 1], indices: [1], labels: [] } },
            },
          ],
        }),
      ],
      [
        '51 runs',
        JSON.stringify({ ...bundle, runs: Array.from({ length: 51 }, () => bundle.runs[0]) }),
      ],
      [
        '100,000 tags',
        JSON.stringify({
          ...bundle,
          runs: [{ ...bundle.runs[0], tags: Array.from({ length: 100_000 }, () => 't') }],
        }),
      ],
      [
        'an invalid run config',
        JSON.stringify({
          ...bundle,
          runs: [{ ...bundle.runs[0], config: { ...bundle.runs[0].config, batchSize: 0 } }],
        }),
      ],
    ];
    for (const [name, json] of variants) {
      let error: unknown = null;
      try {
        await api.call('runs.importJson', { json });
      } catch (caught) {
        error = caught;
      }
      expect((error as ApiError | null)?.body?.code, name).toBe('invalid-input');
      expect(countRows(lab.db, 'runs'), name).toBe(runs);
    }
  });
});

describe('exported file names are sanitized', () => {
  it.each([
    '../../etc/passwd',
    '..\\..\\windows\\system32',
    '/absolute/path',
    'line\nbreak\r\u0000nul\u0007bell',
    '\u202eevil\u202dtxt.exe',
    'CON',
    '....',
    '',
    '😀'.repeat(50),
    'a'.repeat(500),
  ])('safeFileStem(%j) is a plain file-name stem', (name) => {
    const stem = safeFileStem(name);
    expect(stem).toMatch(/^[A-Za-z0-9._-]{1,60}$/);
    expect(stem).not.toMatch(/^\.|\.\.|^-/);
  });

  it('names the export of a run called ../../etc/passwd safely', async () => {
    await api.call('runs.update', { runId: 1, name: '../../etc/passwd' });
    const exportNames = async (): Promise<void> => {
      for (const method of ['runs.exportJson', 'runs.exportCsv'] as const) {
        const { fileName } = (await api.call(method, { runIds: [1] })) as { fileName: string };
        expect(fileName).toMatch(/^run-1-[A-Za-z0-9._-]+\.(json|csv)$/);
        expect(fileName).not.toContain('..');
      }
    };
    await exportNames();
    // The API refuses control characters in names now; a project written before may hold them.
    const db = new Database(lab.db);
    db.prepare('UPDATE runs SET name = ? WHERE id = 1').run('../../etc/passwd\u0007\u202e');
    db.close();
    await exportNames();
  });
});
