// Entry of the `ads-setup` CLI (built to out/cli/index.js, run with plain node). Composition only.
import { processIo } from './io';
import { runCli } from './run';

/** Stamped in at build time from package.json (vite.cli.config.mts). */
declare const __APP_VERSION__: string;

void runCli(process.argv.slice(2), processIo(), { version: __APP_VERSION__ }).then((code) => {
  process.exitCode = code;
});
