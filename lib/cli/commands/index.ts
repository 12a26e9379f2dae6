import type { Command } from 'commander';
import { registerLocalCommand } from './local';
import { registerDomainsCommands } from './domains';
import { registerTypesCommands } from './types';
import { registerExecutionsCommands } from './executions';
import { registerWorkerCommand } from './worker';
import { registerPlanCommand } from './plan';
import { registerApplyCommand } from './apply';
import { registerImportCommand } from './import';

/** Every command group registers itself on the root program. Add a group by adding its module here. */
export const commandModules: Array<(program: Command) => void> = [
  registerLocalCommand,
  registerDomainsCommands,
  registerTypesCommands,
  registerExecutionsCommands,
  registerWorkerCommand,
  registerPlanCommand,
  registerApplyCommand,
  registerImportCommand,
];
