// Prints diagnoseBackends() as JSON: run in a child process so each scenario probes the
// optional native packages afresh (the probe is once per process, as in the app).
import { diagnoseBackends } from '../../../src-main/engine/backendDiagnostics';

process.stdout.write(`${JSON.stringify(await diagnoseBackends())}\n`);
