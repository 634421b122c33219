import type { CliCommand } from './command';
import { infoCommand } from './commands/info';
import { pushCommand } from './commands/push';

/** Every `ads-setup` command. Each capability adds its own from its folder. */
export const commands: readonly CliCommand[] = [infoCommand, pushCommand];
