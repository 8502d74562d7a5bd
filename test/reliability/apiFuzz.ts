import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../../src-main/api/apiError';
import { apiInputs } from '../../src-main/api/contract';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import { TINY_CONFIG } from '../cli/cliHarness';
import { syntheticBundle } from './bundleFixture';
import { FailFastLauncher, integrityOf } from './reliabilityHarness';

/** Codes a caller may see; anything else (or a non-ApiError) is a fuzz failure. */
export const API_ERROR_CODES = ['invalid-input', 'not-found', 'conflict', 'failed'] as const;

/** Messages that betray an internal bug surfacing as `failed` instead of a validation error. */
const INTERNAL_ERROR =
  /TypeError|ReferenceError|RangeError: (?!dataset)|SyntaxError|is not a function|Cannot read prop|Cannot convert|undefined is not|Maximum call stack|out of memory|is not iterable|\[object Object\]/i;

/** A hostile place on disk for path arguments (created by `fuzzFiles`). */
export interface FuzzFiles {
  readonly dir: string;
  readonly paths: readonly string[];
}

/** Files and places that must be refused without hanging or reading without bound. */
export function fuzzFiles(dir: string): FuzzFiles {
  mkdirSync(dir, { recursive: true });
  const fifo = join(dir, 'a-fifo');
  try {
    execFileSync('mkfifo', [fifo], { stdio: 'ignore' });
  } catch {
    // No mkfifo (non-Linux): the other entries still apply.
  }
  const sparse = join(dir, 'huge-sparse.bin');
  writeFileSync(sparse, '');
  truncateSync(sparse, 600 * 1024 * 1024);
  mkdirSync(join(dir, 'a-folder'), { recursive: true });
  writeFileSync(join(dir, 'empty.csv'), '');
  writeFileSync(join(dir, 'text.csv'), 'hello,world\n');
  return {
    dir,
    paths: [
      '/dev/zero',
      '/dev/urandom',
      '/dev/null',
      '/proc/self/status',
      '/proc/self/mem',
      '/etc/passwd',
      '/',
      '../../../../etc/passwd',
      '..\\..\\windows\\system32',
      'C:\\Windows\\win.ini',
      fifo,
      sparse,
      join(dir, 'a-folder'),
      join(dir, 'empty.csv'),
      join(dir, 'text.csv'),
      `${dir}/\u0000nul`,
      'file:///etc/passwd',
    ],
  };
}

const protoPolluter = (): unknown => JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown;
const constructorPolluter = (): unknown =>
  JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}') as unknown;

/** Values that break naive handlers: wrong types, limits, non-finite numbers, odd strings. */
export function hostileValue(files: FuzzFiles): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(
      NaN,
      Infinity,
      -Infinity,
      -1,
      0,
      -0,
      1.5,
      2 ** 31,
      2 ** 53,
      Number.MAX_SAFE_INTEGER + 2,
      1e308,
      -1e308,
      Number.MIN_VALUE,
      null,
      undefined,
      true,
      false,
      '',
      ' ',
      '\u0000',
      '\u202e\u200b',
      '😀'.repeat(300),
      'x'.repeat(70_000),
      '__proto__',
      'constructor',
      '{"a":1}',
      '1e999',
      [],
      [[[]]],
      {},
      Array.from({ length: 200 }, (_, i) => i),
      new Date(0),
      Symbol('s'),
      () => 1,
      10n,
    ),
    fc.constant(null).map(protoPolluter),
    fc.constant(null).map(constructorPolluter),
    fc.constantFrom(...files.paths),
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.integer(),
    fc.double(),
    fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
      key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype')),
    }),
  );
}

/** A valid-looking payload per method: the starting point for mutations. */
function seedPayloads(files: FuzzFiles): Record<string, Record<string, unknown>> {
  const bundle = JSON.stringify(syntheticBundle(4, 'fuzz import'));
  return {
    'project.info': {},
    'project.open': { path: join(files.dir, 'other.clab'), create: true },
    'project.recent': {},
    'project.saveCopy': { path: join(files.dir, 'copy.clab'), overwrite: false },
    diagnostics: {},
    'presets.list': {},
    'config.defaults': {},
    'config.validate': { config: TINY_CONFIG },
    'config.estimate': { config: TINY_CONFIG },
    'datasets.list': {},
    'datasets.import': { path: join(files.dir, 'text.csv'), format: 'csv', name: 'fuzzed' },
    'runs.list': { status: 'completed', tag: 'synthetic', groupId: 1 },
    'runs.get': { runId: 1 },
    'runs.create': { config: { ...TINY_CONFIG, batchSize: 0 }, name: 'fuzz', overrides: [] },
    'runs.createFromPreset': { preset: 'real-vs-random', overrides: ['steps=0'], tags: [] },
    'runs.cancel': { runId: 1 },
    'runs.resume': { runId: 1 },
    'runs.delete': { runId: 99 },
    'runs.update': { runId: 1, name: 'renamed', tags: ['a'], notes: 'n' },
    'runs.series': { runIds: [1], series: 'loss', subset: 'train', xAxis: 'step', afterStep: -1 },
    'runs.coherence': { runId: 1, probe: 'train', afterStep: -1 },
    'runs.compare': { runIds: [1, 2] },
    'runs.examples': { runId: 1, order: 'earliest', corrupt: false, limit: 4 },
    'runs.exportJson': { runIds: [1] },
    'runs.exportCsv': { runIds: [1] },
    'runs.importJson': { json: bundle },
    'runs.summary': { runIds: [1] },
    'runs.report': { runIds: [1], title: 'fuzz' },
  };
}

export interface FuzzCase {
  readonly method: string;
  readonly input: unknown;
}

type Mutation =
  | { readonly op: 'replace' | 'extra' | 'nest'; readonly key: string; readonly value: unknown }
  | { readonly op: 'drop'; readonly key: string };

function applyMutations(seed: Record<string, unknown>, mutations: readonly Mutation[]): unknown {
  const out: Record<string, unknown> = { ...seed };
  for (const m of mutations) {
    if (m.op === 'drop') delete out[m.key];
    else if (m.op === 'nest') out[m.key] = { [m.key]: m.value, inner: out[m.key] };
    // defineProperty makes "__proto__" an own key, as JSON.parse would, instead of a setter call.
    else
      Object.defineProperty(out, m.key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}

/** Every contract method, plus unknown method names, with random or mutated payloads. */
export function fuzzCaseArbitrary(files: FuzzFiles): fc.Arbitrary<FuzzCase> {
  const seeds = seedPayloads(files);
  const methods = Object.keys(apiInputs);
  const value = hostileValue(files);
  const payloadFor = (method: string): fc.Arbitrary<unknown> => {
    const seed = seeds[method] ?? {};
    const keys = [
      ...Object.keys(seed),
      'config',
      'runId',
      'path',
      'extra',
      '__proto__',
      'constructor',
    ];
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      fc.record({
        op: fc.constantFrom('replace' as const, 'extra' as const, 'nest' as const),
        key: fc.constantFrom(...keys),
        value,
      }),
      fc.record({ op: fc.constant('drop' as const), key: fc.constantFrom(...keys) }),
    );
    return fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .array(mutation, { minLength: 1, maxLength: 3 })
          .map((ms) => applyMutations(seed, ms)),
      },
      { weight: 2, arbitrary: value },
      { weight: 1, arbitrary: fc.constant(seed) },
    );
  };
  return fc.oneof(
    {
      weight: 30,
      arbitrary: fc
        .constantFrom(...methods)
        .chain((method) => payloadFor(method).map((input) => ({ method, input }))),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.string(),
          fc.constantFrom(
            '__proto__',
            'constructor',
            'toString',
            'hasOwnProperty',
            'runs.',
            'project.open ',
          ),
        )
        .map((method) => ({ method, input: {} })),
    },
  );
}

/**
 * Keep the fuzz loop from writing outside its folder: a `project.open` that may create a file
 * gets a path inside the fuzz folder (opening existing files elsewhere is still fuzzed).
 */
export function confine(c: FuzzCase, files: FuzzFiles, index: number): FuzzCase {
  if (c.method !== 'project.open' || typeof c.input !== 'object' || c.input === null) return c;
  const input = c.input as Record<string, unknown>;
  if (input.create === false || input.create === undefined) {
    // Without create only existing paths open: the hostile list, or a fuzz-folder file.
    if (typeof input.path === 'string' && !files.paths.includes(input.path)) {
      return { ...c, input: { ...input, path: join(files.dir, `missing-${index}.clab`) } };
    }
    return c;
  }
  return { ...c, input: { ...input, path: join(files.dir, 'projects', `p${index % 5}.clab`) } };
}

export interface FuzzResult {
  readonly cases: number;
  readonly failures: string[];
  /** How often each outcome happened (e.g. "ok", "invalid-input"). */
  readonly outcomes: Record<string, number>;
  /** integrity_check of every project file the fuzz touched. */
  readonly integrity: Record<string, string>;
}

function describeInput(input: unknown): string {
  try {
    const text = JSON.stringify(input, (_k, v: unknown) =>
      typeof v === 'bigint' || typeof v === 'symbol' || typeof v === 'function' ? String(v) : v,
    );
    return (text ?? String(input)).slice(0, 300);
  } catch {
    return String(input).slice(0, 300);
  }
}

/** What is wrong with one outcome, or null when it is a well-formed result or ApiError. */
export function checkOutcome(outcome: { ok: true } | { ok: false; error: unknown }): string | null {
  if (outcome.ok) return null;
  const { error } = outcome;
  if (!(error instanceof ApiError)) {
    return `raw ${(error as Error | null)?.constructor?.name ?? typeof error}: ${String((error as Error | null)?.message ?? error)}`;
  }
  const body = error.body;
  const keys = Object.keys(body).sort();
  if (!(API_ERROR_CODES as readonly string[]).includes(body.code))
    return `unknown code ${body.code}`;
  if (keys.some((k) => !['code', 'issues', 'message'].includes(k)))
    return `extra keys ${keys.join(',')}`;
  if (typeof body.message !== 'string' || body.message.trim() === '') return 'empty message';
  if (
    body.issues !== undefined &&
    !body.issues.every((i) => typeof i.path === 'string' && typeof i.message === 'string')
  ) {
    return 'malformed issues';
  }
  if (body.code === 'failed' && INTERNAL_ERROR.test(body.message))
    return `internal error leaked: ${body.message}`;
  try {
    JSON.stringify(body);
  } catch {
    return 'body is not JSON-serializable';
  }
  return null;
}

const CALL_TIMEOUT_MS = 15_000;

/**
 * Run `cases` fuzz cases through the real LabApi (real handler table and store, a trainer
 * launcher that exits at once) and report every case that did not come back as a result or a
 * well-formed ApiError, took too long, or polluted Object.prototype; then integrity_check
 * every project file touched.
 */
export async function runApiFuzz(options: {
  cases: number;
  seed?: number;
  dir?: string;
}): Promise<FuzzResult> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'clab-fuzz-'));
  const files = fuzzFiles(join(dir, 'files'));
  const projectPath = join(dir, 'fuzz.clab');
  const api: LabApi = await createLabApi({
    projectPath,
    cacheDir: join(dir, 'cache'),
    launcher: new FailFastLauncher(),
  });
  const failures: string[] = [];
  const outcomes: Record<string, number> = {};
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).join(',');
  try {
    // Something to read, compare and export: two imported runs.
    await api.call('runs.importJson', { json: JSON.stringify(syntheticBundle(10, 'first')) });
    await api.call('runs.importJson', { json: JSON.stringify(syntheticBundle(10, 'second')) });
    const cases = fc.sample(fuzzCaseArbitrary(files), {
      numRuns: options.cases,
      seed: options.seed ?? 42,
    });
    for (const [index, raw] of cases.entries()) {
      const c = confine(raw, files, index);
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        api.callUntyped(c.method, c.input).then(
          () => ({ ok: true as const }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
        new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), CALL_TIMEOUT_MS);
        }),
      ]);
      clearTimeout(timer);
      let problem: string | null;
      if (outcome === 'timeout') {
        problem = `no answer within ${CALL_TIMEOUT_MS} ms`;
        outcomes.timeout = (outcomes.timeout ?? 0) + 1;
      } else {
        problem = checkOutcome(outcome);
        const key = outcome.ok
          ? 'ok'
          : outcome.error instanceof ApiError
            ? outcome.error.body.code
            : 'raw';
        outcomes[key] = (outcomes[key] ?? 0) + 1;
      }
      const polluted =
        ({} as Record<string, unknown>).polluted !== undefined ||
        Object.getOwnPropertyNames(Object.prototype).join(',') !== prototypeKeys;
      if (polluted) problem = `${problem ?? ''} Object.prototype polluted`.trim();
      if (problem) failures.push(`#${index} ${c.method} ${describeInput(c.input)}: ${problem}`);
    }
  } finally {
    await api.close();
  }
  const integrity: Record<string, string> = { [projectPath]: integrityOf(projectPath) };
  const projects = join(files.dir, 'projects');
  for (const name of safeList(projects)) {
    if (name.endsWith('.clab')) integrity[join(projects, name)] = integrityOf(join(projects, name));
  }
  return { cases: options.cases, failures, outcomes, integrity };
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
