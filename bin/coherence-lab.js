#!/usr/bin/env node
// Command-line entry: runs the TypeScript CLI through tsx (a runtime dependency), so the same
// sources serve the CLI, the trainer process and the tests without a separate build step.
import { register } from 'tsx/esm/api';

register();
await import('../src-main/cli/index.ts');
