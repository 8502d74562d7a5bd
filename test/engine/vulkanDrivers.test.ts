import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vulkanDriverManifests } from '../../src-main/engine/vulkanDrivers';

describe('vulkanDriverManifests (the Vulkan loader’s driver search)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'clab-vulkan-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** An environment whose every search directory lies under `root` (the real /etc is searched too). */
  function isolatedEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      HOME: join(root, 'home'),
      XDG_CONFIG_DIRS: join(root, 'xdg-config'),
      XDG_DATA_DIRS: join(root, 'share'),
      ...extra,
    };
  }

  function manifest(dir: string, name: string): string {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, name);
    writeFileSync(path, '{"file_format_version": "1.0.0"}');
    return path;
  }

  it('finds .json manifests in vulkan/icd.d under the XDG data directories, ignoring other files', () => {
    const icd = join(root, 'share', 'vulkan', 'icd.d');
    const found = manifest(icd, 'radeon_icd.x86_64.json');
    writeFileSync(join(icd, 'README'), 'not a manifest');
    expect(vulkanDriverManifests(isolatedEnv())).toContain(found);
    expect(vulkanDriverManifests(isolatedEnv()).some((p) => p.endsWith('README'))).toBe(false);
  });

  it('finds a manifest in the user’s ~/.local/share/vulkan/icd.d', () => {
    const found = manifest(join(root, 'home', '.local', 'share', 'vulkan', 'icd.d'), 'x.json');
    expect(vulkanDriverManifests(isolatedEnv())).toContain(found);
  });

  it('VK_ICD_FILENAMES / VK_DRIVER_FILES replace the search; missing files count as nothing', () => {
    const searched = manifest(join(root, 'share', 'vulkan', 'icd.d'), 'searched.json');
    const explicit = manifest(join(root, 'elsewhere'), 'swiftshader.json');
    expect(vulkanDriverManifests(isolatedEnv({ VK_ICD_FILENAMES: explicit }))).toEqual([explicit]);
    expect(vulkanDriverManifests(isolatedEnv({ VK_DRIVER_FILES: explicit }))).toEqual([explicit]);
    expect(
      vulkanDriverManifests(isolatedEnv({ VK_ICD_FILENAMES: join(root, 'gone.json') })),
    ).toEqual([]);
    expect(vulkanDriverManifests(isolatedEnv({ VK_ICD_FILENAMES: explicit }))).not.toContain(
      searched,
    );
  });

  it('VK_ADD_DRIVER_FILES adds to the search', () => {
    const added = manifest(join(root, 'extra'), 'added.json');
    expect(vulkanDriverManifests(isolatedEnv({ VK_ADD_DRIVER_FILES: added }))).toContain(added);
  });
});
