import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../src-main/cli/fileOutput';
import { runCli, tempLab } from '../cli/cliHarness';
import { syntheticBundle } from '../reliability/bundleFixture';

const lab = tempLab();
const out = join(lab.dir, 'out');
const isRoot = process.platform === 'linux' && process.getuid?.() === 0;

/** A small tmpfs to fill (a real ENOSPC); null where mounting is not allowed. */
function mountTmpfs(sizeKb: number): string | null {
  if (!isRoot) return null;
  const dir = mkdtempSync(join(tmpdir(), 'clab-out-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], {
      stdio: 'ignore',
    });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}
const canMount = ((): boolean => {
  const dir = mountTmpfs(64);
  if (!dir) return false;
  execFileSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
  return true;
})();

/** A character device of our own (same numbers as /dev/null), so nothing real is at stake. */
function makeDevice(path: string): boolean {
  try {
    execFileSync('mknod', [path, 'c', '1', '3'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const leftovers = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

beforeAll(() => {
  mkdirSync(out);
  const bundle = join(lab.dir, 'bundle.json');
  writeFileSync(bundle, JSON.stringify(syntheticBundle(5, 'exported')));
  expect(runCli(['import', bundle, '--db', lab.db], lab.env).status).toBe(0);
});

describe('export, report and reproduce --out refuse targets that are not regular files', () => {
  it('refuses a FIFO through the CLI (export, report, reproduce), leaving it a FIFO and no temp file', () => {
    const fifo = join(out, 'pipe');
    execFileSync('mkfifo', [fifo]);
    for (const args of [
      ['export', '1', '--format', 'json', '--out', fifo],
      ['report', '1', '--out', fifo],
      ['reproduce', '--quick', '--claims', 'G1', '--out', fifo],
    ]) {
      const result = runCli([...args, '--db', lab.db], lab.env);
      expect(result.status, `${args.join(' ')}`).toBe(1);
      expect(result.stderr).toMatch(/not a regular file.*nothing was written/);
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(leftovers(out)).toEqual([]);
  });

  it('refuses a symlink and a folder, leaving each as it was and no temp file', () => {
    const linked = join(out, 'precious.txt');
    writeFileSync(linked, 'keep me');
    const link = join(out, 'link.json');
    symlinkSync(linked, link);
    const dangling = join(out, 'dangling.json');
    symlinkSync(join(out, 'nowhere'), dangling);
    const folder = join(out, 'folder');
    mkdirSync(folder);
    expect(() => writeFileAtomically(link, '{}')).toThrow(/symbolic link.*nothing was written/);
    expect(() => writeFileAtomically(dangling, '{}')).toThrow(/symbolic link/);
    expect(() => writeFileAtomically(folder, '{}')).toThrow(/is a folder.*nothing was written/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
    expect(readFileSync(linked, 'utf8')).toBe('keep me');
    expect(readdirSync(folder)).toEqual([]);
    expect(leftovers(out)).toEqual([]);
  });

  it.skipIf(!isRoot)('refuses a device node (as root, it would have been replaced)', () => {
    const device = join(out, 'device');
    if (!makeDevice(device)) return; // mknod not permitted in this container: nothing to test
    const result = runCli(
      ['export', '1', '--format', 'csv', '--out', device, '--db', lab.db],
      lab.env,
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/not a regular file/);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
    expect(leftovers(out)).toEqual([]);
  });

  it('still replaces an existing regular file, and writes a new one', () => {
    const target = join(out, 'run.json');
    writeFileSync(target, 'old');
    expect(
      runCli(['export', '1', '--format', 'json', '--out', target, '--db', lab.db], lab.env).status,
    ).toBe(0);
    expect(JSON.parse(readFileSync(target, 'utf8'))).toMatchObject({
      format: 'coherence-lab-runs',
    });
    expect(leftovers(out)).toEqual([]);
  });

  it('names a missing folder instead of failing obscurely', () => {
    expect(() => writeFileAtomically(join(out, 'no', 'such', 'file.json'), '{}')).toThrow(
      /folder .* does not exist; nothing was written/,
    );
  });

  it.skipIf(!canMount)('removes its temp file when the disk fills mid-write', () => {
    const dir = mountTmpfs(256) as string;
    try {
      expect(() => writeFileAtomically(join(dir, 'big.json'), 'x'.repeat(1024 * 1024))).toThrow(
        /disk is full; nothing was written/,
      );
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
