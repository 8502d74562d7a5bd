import { ensureRendererBuilt } from '/work/main/test/ui/support/rendererBuild';
console.log(await ensureRendererBuilt());
