import { runTraining } from '../src-main/engine/train/trainLoop';
import { parseRunConfig } from '../src-main/engine/train/runConfig';
const config = parseRunConfig({ steps: 200, dataset: { trainSize: 2000, testSize: 500 }, coherence: { m: 500 }, labelNoise: 0, seed: 3 });
const t0 = Date.now();
const end = await runTraining({ config, dataContext: { cacheDir: '/tmp/clab-cache' }, onRecord: (r) => {
  if (r.kind === 'coherence') console.log('coh', r.measurements.map((m) => `${m.step} ${m.probe} m=${m.m} ${m.value.toFixed(2)} a=${m.alphaHat.toFixed(4)}`).join(' | '));
  if (r.kind === 'progress') console.log('progress', r.done, r.total, r.rate.toFixed(1), r.etaSec);
  if (r.kind === 'metrics') { const acc = r.points.filter(p=>p.subset==='test'); if (acc.length) console.log('test', acc.map(p=>`${p.series}=${p.value.toFixed(3)}`).join(' ')); }
  if (r.kind === 'start') console.log('start', r.backend, r.paramCount, r.totalSteps);
}});
console.log('end', end.status, end.step, (Date.now()-t0)/1000, 's');
