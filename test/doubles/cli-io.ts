import type { CliIo } from '../../src/main/cli/io';

/** A CliIo that records output; stdin and hidden prompts answer from the given text. */
export function recordingIo(options: { env?: Record<string, string | undefined>; stdin?: string; tty?: boolean } = {}) {
  const out = { stdout: '', stderr: '', prompts: [] as string[] };
  const io: CliIo = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    env: options.env ?? {},
    stdinIsTTY: options.tty ?? false,
    readStdin: async () => options.stdin ?? '',
    promptHidden: async (question) => {
      out.prompts.push(question);
      return options.stdin ?? '';
    },
  };
  return { io, out };
}
