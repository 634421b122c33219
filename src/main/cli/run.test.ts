import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { recordingIo } from '../../../test/doubles/cli-io';
import { Logger } from '../log/logger';
import type { CliCommand } from './command';
import { runCli } from './run';

const repoRoot = path.resolve(__dirname, '../../..');
const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

const logLines: string[] = [];
const logger = new Logger({ write: (line) => logLines.push(line) });

async function run(argv: string[], commands?: readonly CliCommand[]) {
  const { io, out } = recordingIo();
  const code = await runCli(argv, io, { version: '1.2.3', logger, ...(commands ? { commands } : {}) });
  return { code, stdout: out.stdout, stderr: out.stderr };
}

describe('ads-setup (in process)', () => {
  it('prints the injected version for --version and -V', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: '1.2.3\n', stderr: '' });
    expect((await run(['-V'])).stdout).toBe('1.2.3\n');
  });

  it('prints help with exit 0 for --help, and with the usage code when no command is given', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage:');
    expect(help.stdout).toMatch(/info\s+Version, platform/);
    const bare = await run([]);
    expect(bare.code).toBe(64);
    expect(bare.stderr).toContain('Usage:');
  });

  it('prints info as text and as JSON', async () => {
    expect((await run(['info', '--data-dir', '/srv/ads'])).stdout).toMatch(/^ads-setup 1\.2\.3 \(\w+ \w+, Node [\d.]+\)\ndata folder: \/srv\/ads\nkeychain service: ads-setup-assistant\n$/);
    const json = JSON.parse((await run(['info', '--json'])).stdout) as { version: string; runtime: { node: string } };
    expect(json).toMatchObject({ version: '1.2.3', runtime: { node: process.versions.node } });
  });

  it('shows a command\'s own help with the common options', async () => {
    const help = await run(['info', '--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('Usage: ads-setup info [--json]');
    expect(help.stdout).toContain('--data-dir DIR');
  });

  it('refuses unknown commands and flags with a pointer to --help', async () => {
    const unknown = await run(['frobnicate']);
    expect(unknown).toMatchObject({ code: 64, stdout: '' });
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect((await run(['--frobnicate'])).stderr).toContain("Run 'ads-setup --help'");
    const badFlag = await run(['info', '--frobnicate']);
    expect(badFlag.code).toBe(64);
    expect(badFlag.stderr).toContain("Unknown option '--frobnicate'");
  });
});

describe('ads-setup failures', () => {
  it('shows a generic message for an unexpected failure and logs the detail redacted', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzZXNzaW9uSWQiOiJhYmMifQ.signature-part-abcdef';
    const broken: CliCommand = {
      words: ['broken'],
      summary: 'fails',
      usage: 'ads-setup broken\n',
      options: {},
      run: async () => {
        throw new Error(`socket hang up while sending Bearer ${token}`);
      },
    };
    const result = await run(['broken'], [broken]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: The command failed unexpectedly.');
    expect(result.stderr).not.toContain('socket hang up');
    const logged = logLines.at(-1) ?? '';
    expect(logged).toContain('socket hang up');
    expect(logged).not.toContain(token);
  });
});

describe('ads-setup (built, plain node)', () => {
  const cli = path.join(repoRoot, 'out', 'cli', 'index.js');

  it('prints the package version', async () => {
    expect(existsSync(cli), `${cli} is missing: run \`npm run build\` first`).toBe(true);
    const { stdout } = await promisify(execFile)(process.execPath, [cli, '--version']);
    expect(stdout).toBe(`${version}\n`);
  });

  it('exits 64 on an unknown command', async () => {
    const failure = await promisify(execFile)(process.execPath, [cli, 'nope']).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 64 });
  });
});
