import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Linux: the Vulkan driver (ICD) manifests the Vulkan loader would find, by the loader's own
 * search rules (VK_DRIVER_FILES / VK_ICD_FILENAMES replace the search, VK_ADD_DRIVER_FILES adds
 * to it; otherwise `vulkan/icd.d` under the XDG config and data directories and /etc).
 *
 * Why: with the loader installed but no driver (a desktop without a GPU driver stack, a CI
 * machine with Chromium's libvulkan), Dawn prints "vkCreateInstance: Found no drivers!" to
 * stderr from native code on every probe — noise in every auto-backend run — and finds nothing.
 * Finding no manifest first lets the engine skip Dawn and say why.
 */
export function vulkanDriverManifests(env: NodeJS.ProcessEnv = process.env): string[] {
  const explicit = env.VK_DRIVER_FILES ?? env.VK_ICD_FILENAMES;
  const added = splitPaths(env.VK_ADD_DRIVER_FILES);
  if (explicit !== undefined && explicit !== '') {
    return [...splitPaths(explicit), ...added].flatMap(manifestsAt);
  }
  const home = env.HOME ?? homedir();
  const configHome = env.XDG_CONFIG_HOME || join(home, '.config');
  const configDirs = splitPaths(env.XDG_CONFIG_DIRS || '/etc/xdg');
  const dataHome = env.XDG_DATA_HOME || join(home, '.local', 'share');
  const dataDirs = splitPaths(env.XDG_DATA_DIRS || '/usr/local/share:/usr/share');
  const searched = [configHome, ...configDirs, '/etc', dataHome, ...dataDirs].map((dir) =>
    join(dir, 'vulkan', 'icd.d'),
  );
  return [...searched, ...added].flatMap(manifestsAt);
}

function splitPaths(list: string | undefined): string[] {
  return (list ?? '').split(':').filter((entry) => entry !== '');
}

/** A manifest file itself, or the `.json` files of a directory; nothing if neither exists. */
function manifestsAt(path: string): string[] {
  try {
    if (statSync(path).isDirectory()) {
      return readdirSync(path)
        .filter((name) => name.endsWith('.json'))
        .map((name) => join(path, name));
    }
    return [path];
  } catch {
    return [];
  }
}
