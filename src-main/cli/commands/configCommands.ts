import type { Command } from 'commander';
import { configSchema } from '../../api/handlers/configHandlers';
import { formatConfigKeys } from '../../shared/configKeyListing';
import { printJson, type GlobalOptions } from '../cliSession';

/**
 * `config keys`: every key `--set` and `--config` accept, with type, range, default and help —
 * the same descriptions the API's validation issues and the new-run form show (the
 * `config.schema` method). It reads no project, so it works before the first run.
 */
export function registerConfigCommands(program: Command, global: () => GlobalOptions): void {
  const config = program.command('config').description('what a run config holds');
  config
    .command('keys')
    .description('every config key with its type, range, default and what it is for')
    .action(() => {
      const schema = configSchema();
      if (global().json) printJson(schema);
      else process.stdout.write(`${formatConfigKeys(schema)}\n`);
    });
}
