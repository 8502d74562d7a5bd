/**
 * Run @doyensec/electronegativity over the Electron shell (main, preload, renderer page) and
 * return its findings. Offline: the release-list check that needs the network is skipped and
 * the Electron version is taken from package.json. `npm run security:scan` runs this file and
 * exits non-zero on any HIGH or CRITICAL finding.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ScanFinding {
  readonly check: string;
  readonly severity: string;
  readonly confidence: string;
  readonly file: string;
  readonly location: string;
  readonly description: string;
}

const repoRoot = resolve(import.meta.dirname, '../..');
const binary = join(repoRoot, 'node_modules/.bin/electronegativity');
const entry = join(repoRoot, 'node_modules/@doyensec/electronegativity/dist/index.js');

/**
 * electronegativity requires `commander` without declaring it, so it gets the project's
 * commander 14, whose API it cannot use. A preload hook points its `require('commander')` at
 * the commander 5 that its own dependency @electron/asar brings.
 */
function commanderHook(work: string): string {
  const require = createRequire(entry);
  const asar = dirname(require.resolve('@electron/asar/package.json'));
  const commander = createRequire(join(asar, 'package.json')).resolve('commander');
  const hook = join(work, 'commander-hook.cjs');
  writeFileSync(
    hook,
    `const Module = require('module');
const original = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'commander' && parent && parent.filename && parent.filename.includes('electronegativity')) {
    return ${JSON.stringify(commander)};
  }
  return original.call(this, request, parent, ...rest);
};
`,
  );
  return hook;
}

export function scannerInstalled(): boolean {
  return existsSync(binary);
}

function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

export function runElectronegativity(): ScanFinding[] {
  const work = mkdtempSync(join(tmpdir(), 'clab-scan-'));
  try {
    const input = join(work, 'app');
    cpSync(join(repoRoot, 'src-main/electron'), join(input, 'electron'), { recursive: true });
    cpSync(join(repoRoot, 'src-main/preload'), join(input, 'preload'), { recursive: true });
    cpSync(join(repoRoot, 'src-renderer/index.html'), join(input, 'index.html'));
    cpSync(join(repoRoot, 'package.json'), join(input, 'package.json'));
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      devDependencies?: Record<string, string>;
    };
    const electron = (pkg.devDependencies?.electron ?? '').replace(/^[^\d]*/, '');
    const output = join(work, 'findings.csv');
    const result = spawnSync(
      process.execPath,
      [
        '-r',
        commanderHook(work),
        entry,
        '-i',
        input,
        '-o',
        output,
        '-r',
        '-v',
        'false',
        '-e',
        electron,
        '-x',
        'AvailableSecurityFixesGlobalCheck',
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (!existsSync(output)) {
      throw new Error(
        `electronegativity wrote no report (exit ${result.status}): ${result.stderr}${result.stdout}`,
      );
    }
    const [, ...lines] = readFileSync(output, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    return lines.map((line) => {
      const [check, severity, confidence, file, location, , description] = parseCsvLine(line);
      return { check, severity, confidence, file, location, description };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export const BLOCKING_SEVERITIES: readonly string[] = ['HIGH', 'CRITICAL'];

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const findings = runElectronegativity();
  for (const f of findings) {
    process.stdout.write(
      `${f.severity.padEnd(13)} ${f.check} ${f.file}:${f.location} ${f.description}\n`,
    );
  }
  const blocking = findings.filter((f) => BLOCKING_SEVERITIES.includes(f.severity));
  process.stdout.write(`${findings.length} findings, ${blocking.length} high or critical\n`);
  process.exitCode = blocking.length > 0 ? 1 : 0;
}
