/**
 * `coherence-lab` — the headless command line. Every command goes through the same typed API
 * as the desktop app and the browser mode.
 */
import { Command } from 'commander';
import type { GlobalOptions } from './cliSession';
import { registerConfigCommands } from './commands/configCommands';
import { registerDemoCommand } from './commands/demoCommand';
import { registerDoctorCommand } from './commands/doctorCommand';
import { registerFileCommands } from './commands/fileCommands';
import { registerClassCrossCommand } from './commands/classCrossCommand';
import { registerInspectCommands } from './commands/inspectCommands';
import { registerReproduceCommand } from './commands/reproduceCommand';
import { registerRunCommands } from './commands/runCommands';
import { registerServeCommand } from './commands/serveCommand';
import { registerSweepCommands } from './commands/sweepCommands';
import { registerWorkerCommand } from './commands/workerCommand';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('coherence-lab')
    .description(
      'Train small vision networks and track per-example gradient coherence (m-coherence).',
    )
    .option('--db <path>', 'project file (.clab); default: the project in your user data folder')
    .option('--json', 'print exactly one JSON document on stdout')
    .option('--concurrency <n>', 'training processes at once (default 1)')
    .showHelpAfterError()
    .enablePositionalOptions(false);
  const global = (): GlobalOptions => program.opts<GlobalOptions>();
  registerDemoCommand(program, global);
  registerRunCommands(program, global);
  registerInspectCommands(program, global);
  registerClassCrossCommand(program, global);
  registerFileCommands(program, global);
  registerReproduceCommand(program, global);
  registerDoctorCommand(program, global);
  registerConfigCommands(program, global);
  registerSweepCommands(program, global);
  registerWorkerCommand(program, global);
  registerServeCommand(program);
  // Subcommands accept --db/--json too (`coherence-lab list --json`): copy them to every command.
  for (const command of program.commands) addGlobalOptions(command);
  return program;
}

function addGlobalOptions(command: Command): void {
  command
    .option('--db <path>', 'project file (.clab)')
    .option('--json', 'print exactly one JSON document on stdout')
    .option('--concurrency <n>', 'training processes at once (default 1)');
  command.hook('preAction', (_this, actionCommand) => {
    const local = actionCommand.opts<GlobalOptions>();
    const root = actionCommand.parent?.parent ?? actionCommand.parent;
    if (root) {
      if (local.db !== undefined) root.setOptionValue('db', local.db);
      if (local.json !== undefined) root.setOptionValue('json', local.json);
      if (local.concurrency !== undefined) root.setOptionValue('concurrency', local.concurrency);
    }
  });
  for (const sub of command.commands) addGlobalOptions(sub);
}

await buildProgram().parseAsync(process.argv);
