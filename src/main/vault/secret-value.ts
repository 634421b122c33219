import { AppError } from '../../shared/errors';

const MAX_SECRET_LENGTH = 16 * 1024;

/** A secret the vault may store: one line, not empty, not absurdly long (a pasted paragraph is not a secret). */
export function checkSecretValue(value: string): void {
  if (value.length === 0) throw new AppError('INVALID_INPUT', 'The secret is empty.', 'Paste or pipe the whole value.');
  if (value.length > MAX_SECRET_LENGTH) throw new AppError('INVALID_INPUT', `The secret is longer than ${MAX_SECRET_LENGTH} characters.`, 'Check that only the secret was given.');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new AppError('INVALID_INPUT', 'The secret contains line breaks or control characters.', 'Give the value on one line, without surrounding text.');
  }
}
