import type { Command } from 'commander';

/** Every command group registers itself on the root program. Add a group by adding its module here. */
export const commandModules: Array<(program: Command) => void> = [];
