// electron-builder beforePack hook: build better-sqlite3 for Electron's ABI for the platform and
// arch being packed, and stage it where build/electron-builder.yml's extraResources expects it
// (.cache/electron-native/package/${os}-${arch}/). node_modules keeps its Node build.
import { Arch } from 'electron-builder';
import { register } from 'tsx/esm/api';

register();
const { stageAddonForPackaging } = await import('../scripts/desktop/packagingAddon.ts');

export default async function beforePack(context) {
  await stageAddonForPackaging({
    projectRoot: context.packager.projectDir,
    platform: context.electronPlatformName,
    os: context.packager.platform.buildConfigurationKey,
    arch: Arch[context.arch],
  });
}
