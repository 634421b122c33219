import type { CliCommand } from './command';
import { bundleExportCommand } from './commands/bundle-export';
import { bundleInspectCommand } from './commands/bundle-inspect';
import { bundlePubkeyCommand } from './commands/bundle-pubkey';
import { bundleVerifyCommand } from './commands/bundle-verify';
import { bundleDiscoveryScriptCommand, bundleHostScriptCommand } from './commands/bundle-scripts';
import { registerCommand, rotateCommand, secretProveCommand } from './commands/entra-graph';
import { extractCommand } from './commands/extract';
import { infoCommand } from './commands/info';
import { prefillCommand } from './commands/prefill';
import { pushCommand } from './commands/push';
import { signinCheckCommand } from './commands/signin-check';
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
  secretProveCommand,
  webhookSecretGenerateCommand,
  registerCommand,
  rotateCommand,
  bundleExportCommand,
  bundlePubkeyCommand,
  bundleVerifyCommand,
  bundleInspectCommand,
  bundleHostScriptCommand,
  bundleDiscoveryScriptCommand,
  extractCommand,
  prefillCommand,
  pushCommand,
  signinCheckCommand,
];
