import { AppInfoService, nodeRuntimeFacts } from '../../app-info/app-info';
import { createHandlerTable } from '../../handlers';
import { callChannel } from '../../ipc/dispatch';
import { EXIT, type CliCommand } from '../command';

export const infoCommand: CliCommand = {
  words: ['info'],
  summary: 'Version, platform and runtime of this build.',
  usage: 'ads-setup info [--json]\n',
  options: {},
  run: async ({ values }, { io, version }) => {
    const table = createHandlerTable({ appInfo: new AppInfoService(nodeRuntimeFacts(version)) });
    // The CLI drives the very same validated handler path as IPC.
    const info = await callChannel(table, 'appInfo', {}, { senderId: 0 });
    io.stdout(values.json ? `${JSON.stringify(info)}\n` : `ads-setup ${info.version} (${info.platform} ${info.arch}, Node ${info.runtime.node})\n`);
    return EXIT.ok;
  },
};
