import { randomBytes } from 'node:crypto';
import { sweepIdSchema } from './sweepWorkFolder';

/**
 * A new sweep id: a readable slug of the name and 6 random hex digits (`noise-x-lr-3fa9c1`).
 * The random part keeps ids unique across projects, so a shard of another project's sweep is
 * recognised as foreign even when both sweeps have the same name.
 */
export function newSweepId(name: string, random: Buffer = randomBytes(3)): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24)
    .replace(/-+$/, '');
  return sweepIdSchema.parse(`${slug || 'sweep'}-${random.toString('hex')}`);
}
