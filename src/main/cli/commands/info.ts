import { callChannel } from '../../ipc/dispatch';
import { EXIT, type CliCommand } from '../command';
import { cliHandlerTable } from '../vault-context';

export const infoCommand: CliCommand = {
  words: ['info'],
  summary: 'Version, platform and runtime of this build.',
  usage: 'ads-setup info [--json]\n',
  options: {},
  run: async (args, context) => {
    // The CLI drives the very same validated handler path as IPC.
    const info = await callChannel(cliHandlerTable(args, context), 'appInfo', {}, { senderId: 0 });
    const { values } = args;
    context.io.stdout(
      values.json
        ? `${JSON.stringify(info)}\n`
        : `ads-setup ${info.version} (${info.platform} ${info.arch}, Node ${info.runtime.node})\ndata folder: ${info.dataDir}\nkeychain service: ${info.keychainService}\n`,
    );
    return EXIT.ok;
  },
};
