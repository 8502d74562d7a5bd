import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { appDataDir } from './projectPaths';

const MAX_RECENT = 10;
const recentFile = (): string => join(appDataDir(), 'recent-projects.json');

export function readRecentProjects(): string[] {
  try {
    const list = JSON.parse(readFileSync(recentFile(), 'utf8')) as unknown;
    return Array.isArray(list)
      ? list.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT)
      : [];
  } catch {
    return [];
  }
}

/** Most recent first; written via temp file + rename so a crash never leaves half a list. */
export function rememberProject(path: string): void {
  const list = [path, ...readRecentProjects().filter((p) => p !== path)].slice(0, MAX_RECENT);
  const file = recentFile();
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(list, null, 2));
    renameSync(temp, file);
  } catch {
    // The recent list is a convenience; failing to save it must not fail opening a project.
  }
}
