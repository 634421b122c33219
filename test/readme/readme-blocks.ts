/**
 * The README's fenced shell blocks, read the way the README test runs them. A block's info string is `sh` plus tags:
 * `runnable` (run line by line, in order, exactly as printed), `values` (the placeholders runnable lines may use) and
 * `keyring-session` (the headless keyring recipe, run as one script inside a fresh D-Bus session).
 */
export interface ShellBlock {
  tags: string[];
  /** 1-based line of the opening fence in the README. */
  line: number;
  lines: string[];
}

export interface ReadmeCommand {
  /** 1-based README line where the command starts. */
  at: number;
  command: string;
  /** `(exit N)` in the line's comment; 0 otherwise. */
  expectExit: number;
}

export function shellBlocks(markdown: string): ShellBlock[] {
  const blocks: ShellBlock[] = [];
  let open: ShellBlock | undefined;
  markdown.split('\n').forEach((text, index) => {
    const fence = /^```(.*)$/.exec(text);
    if (!fence) {
      open?.lines.push(text);
      return;
    }
    if (open) {
      blocks.push(open);
      open = undefined;
      return;
    }
    const [language, ...tags] = (fence[1] ?? '').trim().split(/\s+/);
    open = { tags: language === 'sh' || language === 'bash' ? tags : ['not-shell'], line: index + 1, lines: [] };
  });
  return blocks.filter((block) => !block.tags.includes('not-shell'));
}

/** The commands of a runnable block: one per line (a trailing `\` continues it), comments and blank lines skipped. */
export function commandsOf(block: ShellBlock): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  let pending: ReadmeCommand | undefined;
  block.lines.forEach((text, index) => {
    const at = block.line + 1 + index;
    if (!pending && (text.trim() === '' || text.trimStart().startsWith('#'))) return;
    const command = pending ? `${pending.command}\n${text}` : text;
    const start = pending?.at ?? at;
    if (text.endsWith('\\')) {
      pending = { at: start, command, expectExit: 0 };
      return;
    }
    pending = undefined;
    const expected = /#.*\(exit (\d+)\)/.exec(command);
    commands.push({ at: start, command, expectExit: expected ? Number(expected[1]) : 0 });
  });
  return commands;
}

/** The command part of a line, without its trailing comment (comments follow two or more spaces). */
export function withoutComment(command: string): string {
  return command.replace(/\s{2,}#.*$/gm, '');
}

/** The shell variables a command reads ($NAME or ${NAME}). */
export function variablesOf(command: string): string[] {
  return [...withoutComment(command).matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1] as string);
}

/** What the `values` block declares: `export NAME=…` lines, and the files listed in its comment as `#   name.txt  …`. */
export function declaredValues(block: ShellBlock): { variables: string[]; files: string[] } {
  const variables = block.lines.flatMap((text) => /^export ([A-Za-z_][A-Za-z0-9_]*)=/.exec(text)?.[1] ?? []);
  const files = block.lines.flatMap((text) => /^#\s+([\w.-]+\.txt)\s/.exec(text)?.[1] ?? []);
  return { variables, files };
}
