import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src-main/api/apiError';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import { formatMarkdownTable, formatTable } from '../../src-main/cli/textTable';
import { terminalSafe } from '../../src-main/cli/terminalText';
import { TINY_CONFIG, runCli, tempLab } from '../cli/cliHarness';
import { syntheticBundle } from '../reliability/bundleFixture';
import { countRows, FailFastLauncher, useLabHome } from '../reliability/reliabilityHarness';

/** What a hostile name can carry: an OSC 52 clipboard write, cursor moves, CR/LF, bidi overrides. */
const HOSTILE = [
  'clip\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007board',
  'up\u001b[2A\u001b[2Kover',
  'fake\rreal',
  'two\nlines',
  'tab\there',
  'bell\u0007',
  'c1\u009b31mred',
  'del\u007f',
  'txt.exe\u202Egnp',
  'iso\u2066late\u2069',
  'line\u2028sep',
];

/** Any character a terminal would act on instead of showing (newline allowed between lines). */
const RAW_CONTROL = /(?!\n)[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

const lab = tempLab();
let api: LabApi;

useLabHome(lab.dir);

beforeAll(async () => {
  api = await createLabApi({ projectPath: lab.db, launcher: new FailFastLauncher() });
  await api.call('runs.importJson', { json: JSON.stringify(syntheticBundle(5, 'plain')) });
});
afterAll(async () => {
  await api.close();
});

async function refusal(method: string, input: unknown): Promise<ApiError> {
  try {
    await api.callUntyped(method, input);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error(`${method} accepted ${JSON.stringify(input)}`);
}

describe('names, tags and notes refuse control and bidi characters at the contract', () => {
  it.each(HOSTILE)(
    'refuses %j as a run name, tag or name prefix, and as a rename',
    async (text) => {
      const runs = countRows(lab.db, 'runs');
      for (const [method, input] of [
        ['runs.create', { config: TINY_CONFIG, name: text }],
        ['runs.create', { config: TINY_CONFIG, name: 'ok', tags: [text] }],
        ['runs.createFromPreset', { preset: 'real-vs-random', namePrefix: text }],
        ['runs.update', { runId: 1, name: text }],
        ['runs.update', { runId: 1, tags: ['fine', text] }],
      ] as const) {
        const error = await refusal(method, input);
        expect(error.body.code, `${method} ${JSON.stringify(input)}`).toBe('invalid-input');
        expect(error.body.message).toMatch(/control characters|bidirectional/);
      }
      expect(countRows(lab.db, 'runs')).toBe(runs);
    },
  );

  it('keeps line breaks and tabs in notes but refuses escapes and overrides there', async () => {
    const kept = (await api.call('runs.update', {
      runId: 1,
      notes: 'first line\n\tsecond line',
    })) as { notes: string };
    expect(kept.notes).toBe('first line\n\tsecond line');
    for (const text of HOSTILE.filter((t) => !/^(two\nlines|tab\there)$/.test(t))) {
      expect((await refusal('runs.update', { runId: 1, notes: text })).body.code).toBe(
        'invalid-input',
      );
    }
  });

  it('refuses the same characters in imported bundles, writing nothing', async () => {
    for (const text of HOSTILE) {
      for (const field of ['name', 'tags', 'notes', 'layerNames'] as const) {
        if (field === 'notes' && /^(two\nlines|tab\there)$/.test(text)) continue;
        const bundle = syntheticBundle(5);
        const run = bundle.runs[0] as Record<string, unknown>;
        run[field] = field === 'tags' || field === 'layerNames' ? [text] : text;
        const runs = countRows(lab.db, 'runs');
        const error = await refusal('runs.importJson', { json: JSON.stringify(bundle) });
        expect(error.body.code, `${field} ${JSON.stringify(text)}`).toBe('invalid-input');
        expect(countRows(lab.db, 'runs')).toBe(runs);
      }
    }
  });
});

describe('the CLI never prints control characters raw', () => {
  beforeAll(() => {
    // A project written before these checks (or edited by hand) may still hold such names.
    const db = new Database(lab.db);
    db.prepare('UPDATE runs SET name = ?, tags = ?, error = ? WHERE id = 1').run(
      HOSTILE.join(' '),
      JSON.stringify(HOSTILE),
      `failed \u001b]0;title\u0007 \u202Eesrever`,
    );
    db.close();
  });

  it('escapes them in list, show and compare (tables and text, --json too)', () => {
    for (const args of [['list'], ['show', '1'], ['compare', '1'], ['list', '--json']]) {
      const result = runCli([...args, '--db', lab.db], lab.env);
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stdout, args.join(' ')).not.toMatch(RAW_CONTROL);
      expect(result.stderr, args.join(' ')).not.toMatch(RAW_CONTROL);
    }
    const list = runCli(['list', '--db', lab.db], lab.env).stdout;
    // Shown, not acted on: the escape is visible as text.
    expect(list).toContain('\\x1b]52;c;');
    expect(list).toContain('\\u202e');
  });

  it('formats table cells and terminal text with visible escapes', () => {
    expect(terminalSafe('a\u001b[2Jb\u202Ec\u0085d')).toBe('a\\x1b[2Jb\\u202ec\\x85d');
    expect(terminalSafe('one\ntwo', { keepNewlines: true })).toBe('one\ntwo');
    expect(terminalSafe('one\ntwo')).toBe('one\\ntwo');
    for (const format of [formatTable, formatMarkdownTable]) {
      const text = format(['name\u001b'], [[HOSTILE.join('|')]]);
      expect(text).not.toMatch(RAW_CONTROL);
    }
  });
});
