/**
 * A value as one word for a POSIX shell: bare when it is made only of characters no shell treats specially,
 * otherwise single-quoted. Every value from outside (a file name, a bundle's item name) enters a script or a
 * command line the admin copies only this way.
 */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
