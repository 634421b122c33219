import type { CliCommand } from './command';
import { infoCommand } from './commands/info';
import { profileCreateCommand, profileDeleteCommand, profileListCommand, profileShowCommand, profileUpdateCommand } from './commands/profile';
import { secretForgetCommand, secretSetCommand, secretStatusCommand, webhookSecretGenerateCommand } from './commands/secret';

/** Every `ads-setup` command. Each capability adds its own from its folder. */
export const commands: readonly CliCommand[] = [
  infoCommand,
  profileCreateCommand,
  profileUpdateCommand,
  profileListCommand,
  profileShowCommand,
  profileDeleteCommand,
  secretSetCommand,
  secretStatusCommand,
  secretForgetCommand,
  webhookSecretGenerateCommand,
];
