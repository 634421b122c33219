import type { CliCommand } from './command';
import { extractCommand } from './commands/extract';
import { infoCommand } from './commands/info';
import { prefillCommand } from './commands/prefill';

/** Every `ads-setup` command. Each capability adds its own from its folder. */
export const commands: readonly CliCommand[] = [infoCommand, extractCommand, prefillCommand];
