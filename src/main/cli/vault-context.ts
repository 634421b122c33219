import { KEYCHAIN_SERVICE, KeytarSecretStore } from '../vault/keytar-store';
import { resolveDataDir } from '../vault/data-dir';
import { ProfileStore } from '../vault/profile-store';
import type { SecretStore } from '../vault/secret-store';
import { VaultService } from '../vault/vault';
import { AppError } from '../../shared/errors';
import { AppInfoService, nodeRuntimeFacts } from '../app-info/app-info';
import { BundleChannels, type BundleFilePicker } from '../bundle/bundle-channels';
import { BundleService } from '../bundle/bundle-service';
import { ConsoleService } from '../console/console-service';
import { nodeConsoleTransport } from '../console/node-transport';
import { createHandlerTable } from '../handlers';
import type { HandlerTable } from '../ipc/dispatch';
import type { CliContext, ParsedArgs } from './command';

export interface CliVault {
  dataDir: string;
  keychainService: string;
  secrets: SecretStore;
  vault: VaultService;
}

/**
 * The vault a CLI command works on: the data folder from --data-dir / ADS_SETUP_DATA_DIR / the app's folder, and
 * the OS keychain (ADS_SETUP_KEYCHAIN_SERVICE selects a separate keychain service for demo and test runs).
 */
export function openCliVault(args: ParsedArgs, context: CliContext): CliVault {
  const dataDir = resolveDataDir(args.values['data-dir'], context.io.env);
  const keychainService = context.io.env['ADS_SETUP_KEYCHAIN_SERVICE'] || KEYCHAIN_SERVICE;
  const secrets = new KeytarSecretStore({ service: keychainService });
  return { dataDir, keychainService, secrets, vault: new VaultService({ profiles: new ProfileStore({ dataDir }), secrets, redactor: context.logger }) };
}

/** The full handler table for a CLI run, so commands can drive the very same validated channels as the app. */
export function cliHandlerTable(args: ParsedArgs, context: CliContext): HandlerTable {
  const { vault, secrets, dataDir, keychainService } = openCliVault(args, context);
  return createHandlerTable({
    appInfo: new AppInfoService(nodeRuntimeFacts(context.version), { demo: false, dataDir, keychainService }),
    vault,
    bundle: new BundleChannels(new BundleService({ vault, secrets }), noDialogs),
    console: new ConsoleService({ vault, transport: nodeConsoleTransport }),
  });
}

/** The CLI names files on its command line; a channel that would open a dialog says so. */
const noDialogs: BundleFilePicker = {
  chooseSavePath: () => Promise.reject(new AppError('INVALID_INPUT', 'The CLI has no file dialog.', 'Use `ads-setup bundle export --out FILE`.')),
  chooseOpenPath: () => Promise.reject(new AppError('INVALID_INPUT', 'The CLI has no file dialog.', 'Use `ads-setup bundle verify FILE`.')),
};
