/**
 * Errors carry one remedy for both the window and the command line: the app's way first, then, in a parenthesis or
 * after "command line:", the flags. The window shows only the app's way: CLI flags appear only in CLI output.
 */
export function forWindow(remedy: string | undefined): string | undefined {
  if (remedy === undefined) return undefined;
  const shown = remedy
    // "(Installations → Edit; command line: --console URL)": keep the app's part of the parenthesis
    .replace(/;\s*(?:on the )?command line:[^()]*\)/gi, ')')
    // "(command line: `ads-setup profile list`)", "(on the command line: --id)"
    .replace(/\s*\((?:on the )?command line[^()]*(?:\([^()]*\)[^()]*)*\)/gi, '')
    // "…; command line: --map ROLE=ITEM." up to the end of that sentence
    .replace(/[;,]\s*(?:on the )?command line:[^.]*\./gi, '.')
    // ", or `ads-setup extract`" / "or with `ads-setup signin-check`"
    .replace(/,?\s*or (?:with |use )?`ads-setup[^`]*`/gi, '')
    .replace(/\s+\./g, '.')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return shown === '' ? undefined : shown;
}

/** A text cut into plain runs and the runs written between backticks (names to show as code, not as backticks). */
export function codeRuns(text: string): { text: string; code: boolean }[] {
  return text
    .split(/`([^`\n]+)`/)
    .map((part, index) => ({ text: part, code: index % 2 === 1 }))
    .filter((run) => run.text !== '');
}
