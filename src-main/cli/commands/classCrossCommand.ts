import type { Command } from 'commander';
import { parseRunIds, printJson, withSession, type GlobalOptions } from '../cliSession';
import { formatTable, fmtNumber } from '../textTable';

/** A step option: a whole number ≥ 0, refused by name otherwise. */
function parseStep(value: string): number {
  const step = Number(value);
  if (!Number.isInteger(step) || step < 0) {
    throw new Error(`--step must be a whole number ≥ 0, got "${value}"`);
  }
  return step;
}

/**
 * `class-cross <id> [--step N]`: the class × class cross-coherence matrix of a run with
 * per-class probes (coherence.perClass) at one measured step, the last by default.
 */
export function registerClassCrossCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('class-cross <id>')
    .description(
      'class × class cross-coherence ⟨S_i, S_j⟩/(‖S_i‖·‖S_j‖) of a run with per-class probes, at one step',
    )
    .option('--step <n>', 'a measured step (default: the last)')
    .action(async (id: string, options: { step?: string }) => {
      await withSession(global(), async (session) => {
        const [runId] = parseRunIds([id]);
        const result = await session.call('runs.classCross', {
          runId,
          ...(options.step !== undefined ? { step: parseStep(options.step) } : {}),
        });
        if (session.json) return printJson(result);
        if (!result.matrix) {
          process.stdout.write(
            `run ${runId} has no class cross-coherence (it needs coherence.perClass and a probe measurement)\n`,
          );
          return;
        }
        const rows = result.matrix.map((row, i) => [
          result.classNames[i],
          ...row.map((v) => (v === null ? '—' : fmtNumber(v, 3))),
        ]);
        process.stdout.write(
          `class cross-coherence of run ${runId} at step ${result.step} (measured at ${result.steps.length} steps: ${result.steps.join(', ')})\n` +
            `${formatTable(['class', ...result.classNames], rows)}\n`,
        );
      });
    });
}
