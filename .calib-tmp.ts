import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPreset, mergeConfig } from './src-main/runs/presets';
import { parseRunConfig } from './src-main/engine/train/runConfig';
import { runTraining } from './src-main/engine/train/trainLoop';
const preset = findPreset('robust-averaging');
const only = process.argv.slice(2);
const cacheDir = mkdtempSync(join(tmpdir(), 'calib-'));
for (const v of preset.variants) {
  if (only.length && !only.includes(v.name)) continue;
  const config = parseRunConfig(mergeConfig(mergeConfig(preset.base, v.overrides), { backend: 'wasm', coherence: { m: 200 } }));
  const t0 = performance.now();
  const acc = new Map<string, Array<[number, number]>>();
  const shares: number[] = [];
  await runTraining({ config, dataContext: { cacheDir }, onRecord: (r) => {
    if (r.kind !== 'metrics') return;
    for (const p of r.points) {
      if (p.series === 'lossReductionShare' && p.subset === 'pristine') shares.push(p.value);
      if (p.series !== 'accuracy' || p.subset === 'batch') continue;
      const k = p.subset; if (!acc.has(k)) acc.set(k, []); acc.get(k)!.push([p.step, p.value]);
    }
  }});
  const last = (k: string) => acc.get(k)!.at(-1)![1];
  const best = acc.get('test')!.reduce((a, b) => (b[1] > a[1] ? b : a));
  const fp = (a: number, b: number) => (shares.slice(a, b).reduce((s, x) => s + x, 0) / (b - a)).toFixed(3);
  console.log(JSON.stringify({ variant: v.name, memorized: last('corrupt').toFixed(3), pristine: last('pristine').toFixed(3), testFinal: last('test').toFixed(3), bestTest: best[1].toFixed(3), bestStep: best[0], fpEarly: fp(0, 100), fpLate: fp(2500, 3000), sec: Math.round((performance.now() - t0) / 1000) }));
}
