import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../../src-main/store/projectStore';
import { createTestRun, openTempStore, tempProjectPath } from './storeFixtures';

/** File → Save a copy as…: a whole, consistent copy, and nothing but a .clab file replaced. */
describe('project copies', () => {
  it('copies every committed run, including what is still in the WAL', () => {
    const store = openTempStore();
    const ids = [createTestRun(store, 'first'), createTestRun(store, 'second')];
    const target = join(dirname(store.path), 'copy.clab');
    expect(store.saveCopy(target)).toBe(target);
    store.close();
    const copy = ProjectStore.open(target, { readonly: true });
    expect(copy.runs.count()).toBe(2);
    expect(copy.integrityCheck()).toBe('ok');
    expect(ids).toHaveLength(2);
    copy.close();
    expect(readdirSync(dirname(target)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces an existing file only when asked, and never a non-regular one', () => {
    const store = openTempStore();
    const dir = dirname(store.path);
    const existing = join(dir, 'existing.clab');
    writeFileSync(existing, 'old');
    expect(() => store.saveCopy(existing)).toThrow(/already exists; nothing was written/);
    expect(readFileSync(existing, 'utf8')).toBe('old');
    store.saveCopy(existing, { overwrite: true });
    expect(readFileSync(existing).subarray(0, 15).toString()).toBe('SQLite format 3');

    mkdirSync(join(dir, 'folder.clab'));
    symlinkSync('/etc/passwd', join(dir, 'link.clab'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling.clab'));
    execFileSync('mkfifo', [join(dir, 'pipe.clab')]);
    for (const name of ['folder.clab', 'link.clab', 'dangling.clab', 'pipe.clab']) {
      expect(() => store.saveCopy(join(dir, name), { overwrite: true }), name).toThrow(
        /not a regular file/,
      );
    }
    expect(() => store.saveCopy(join(dir, 'copy.txt'))).toThrow(/must end in \.clab/);
    expect(() => store.saveCopy(store.path, { overwrite: true })).toThrow(/open project itself/);
    expect(() => store.saveCopy(join(dir, 'no', 'such', 'x.clab'))).toThrow(
      /is not an existing folder/,
    );
    store.close();
  });

  it('names the target when the copy cannot be written', () => {
    const store = openTempStore(tempProjectPath());
    // Nobody, not even root, can create files in /proc: SQLite's write fails there.
    expect(() => store.saveCopy('/proc/copy.clab')).toThrow(/\/proc\/copy\.clab/);
    expect(readdirSync('/proc').filter((f) => f.endsWith('.tmp'))).toEqual([]);
    store.close();
  });
});
