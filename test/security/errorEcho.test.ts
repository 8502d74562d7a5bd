import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src-main/api/apiError';
import { createLabApi, type LabApi } from '../../src-main/api/labApi';
import { contentExcerpt } from '../../src-main/shared/contentExcerpt';
import { runCli, tempLab } from '../cli/cliHarness';
import { FailFastLauncher, useLabHome } from '../reliability/reliabilityHarness';

const lab = tempLab();
let api: LabApi;

const SECRET = 'SECRET_PIXEL_TOKEN_7f3a9c21be54d08e6a1f';
/** Files that are not what they are imported as, each holding the secret where a parser trips. */
const FILES = {
  csvLabel: `name,value\n${SECRET},42\n`,
  csvPixel: `label,pixel\n1,${SECRET}\n`,
  csvHeader: `label,${SECRET}\n1,x\n`,
  jsonTrailing: `{"kkkkkkkkkkkkkkkkkkkk": ${SECRET}}`,
  jsonKey: JSON.stringify({ [SECRET]: 'value' }),
  jsonNestedKey: JSON.stringify({
    format: 'coherence-lab-runs',
    version: 1,
    exportedAt: 'x',
    runs: [{ [SECRET]: 1 }],
  }),
  text: `${SECRET}\n${SECRET}\n`,
};
type FileName = keyof typeof FILES;
const path = (name: FileName): string => join(lab.dir, `${name}.txt`);

/** True when `message` repeats more than 16 consecutive bytes of `content`. */
function echoes(message: string, content: string): boolean {
  for (let i = 0; i + 17 <= content.length; i++) {
    if (message.includes(content.slice(i, i + 17))) return true;
  }
  return false;
}

useLabHome(lab.dir);

beforeAll(async () => {
  for (const [name, content] of Object.entries(FILES))
    writeFileSync(path(name as FileName), content);
  api = await createLabApi({ projectPath: lab.db, launcher: new FailFastLauncher() });
});
afterAll(async () => {
  await api.close();
});

async function refusalMessage(method: string, input: unknown): Promise<string> {
  try {
    await api.callUntyped(method, input);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    const body = (error as ApiError).body;
    return `${body.message} ${JSON.stringify(body.issues ?? [])}`;
  }
  throw new Error(`${method} accepted ${JSON.stringify(input)}`);
}

describe('error messages say what was expected and where, not what the bytes were', () => {
  it.each([
    ['csvLabel', 'csv', /row 2, column 1.*expected an integer class label/],
    ['csvPixel', 'csv', /row 2, column 2.*expected a finite pixel value/],
    ['csvHeader', 'csv', /row 2, column 2.*expected a finite pixel value/],
    ['text', 'idx', /expected IDX magic/],
    ['text', 'cifar10', /./],
  ] as const)('datasets.import of %s as %s', async (name, format, expected) => {
    const message = await refusalMessage('datasets.import', {
      path: path(name),
      format,
      name: `d-${name}-${format}`,
      ...(format === 'idx' ? { labelsPath: path(name) } : {}),
    });
    expect(message).toMatch(expected);
    expect(echoes(message, FILES[name]), message).toBe(false);
  });

  it.each(['jsonTrailing', 'jsonKey', 'jsonNestedKey', 'text'] as const)(
    'runs.importJson of %s',
    async (name) => {
      const message = await refusalMessage('runs.importJson', { json: FILES[name] });
      expect(echoes(message, FILES[name]), message).toBe(false);
    },
  );

  it('the CLI: run --config, import and --db with files that are not what they claim', () => {
    const cases: Array<[string[], FileName]> = [
      [['run', '--config', path('jsonTrailing'), '--db', lab.db], 'jsonTrailing'],
      [['run', '--config', path('jsonKey'), '--db', lab.db], 'jsonKey'],
      [['import', path('jsonTrailing'), '--db', lab.db], 'jsonTrailing'],
      [['list', '--db', path('text')], 'text'],
    ];
    for (const [args, name] of cases) {
      const result = runCli(args, lab.env);
      expect(result.status, args.join(' ')).toBe(1);
      expect(echoes(result.stderr, FILES[name]), result.stderr).toBe(false);
    }
  });

  it('shows at most 16 bytes, printable or as hex escapes', () => {
    expect(contentExcerpt('short')).toBe("'short'");
    expect(contentExcerpt(SECRET)).toBe(`'${SECRET.slice(0, 16)}…'`);
    expect(contentExcerpt(Buffer.from([0x1f, 0x8b, 0x41, 0x00]))).toBe("'\\x1f\\x8bA\\x00'");
    expect(contentExcerpt('é'.repeat(20))).toBe(`'${'\\xc3\\xa9'.repeat(8)}…'`);
  });
});
