/**
 * The one error shape that crosses every boundary (IPC, CLI, tests): a stable code, a sentence for the admin,
 * and where possible what to do about it. Never a stack trace, never a secret.
 */
export const errorCodes = [
  'BAD_REQUEST',
  'UNKNOWN_CHANNEL',
  'UNTRUSTED_SENDER',
  'BAD_RESPONSE',
  'INTERNAL',
  'INVALID_INPUT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'NO_KEYCHAIN',
  'KEYCHAIN_FAILED',
  'PROFILE_FILE_CORRUPT',
  'PROFILE_FILE_UNREADABLE',
  'STORAGE_FAILED',
  // Signed config bundle (issue 6)
  'BUNDLE_INVALID',
  'BUNDLE_TOO_LARGE',
  'BUNDLE_EXPIRED',
  'SIGNATURE_INVALID',
  'HASH_MISMATCH',
  'UNSUPPORTED_FORMAT',
  'DECRYPT_FAILED',
  'NEEDS_MAPPING',
  'CANCELLED',
  // Registration (issue 3)
  'UNTRUSTED_ORIGIN',
  'REGISTRATION_REFUSED',
  'NOT_READY',
  'CHECKS_FAILED',
  'BROWSER_UNAVAILABLE',
  'UNKNOWN_PROVIDER',
  // Admin console (KOTS) push
  'CONSOLE_AUTH',
  'CONSOLE_LOCKED',
  'CONSOLE_TLS',
  'CERT_CHANGED',
  'CONSOLE_INSECURE_URL',
  'CONSOLE_REJECTED',
  'CONSOLE_ERROR',
  'CONSOLE_UNREACHABLE',
  'CONSOLE_TIMEOUT',
  'CONSOLE_BAD_ANSWER',
  'CONSOLE_CHANGED',
  'DEPLOY_FAILED',
  'DEPLOY_TIMEOUT',
  'NEEDS_APP',
  'NEEDS_CONFIRMATION',
  'NEEDS_PASSWORD',
  'NEEDS_TRUST',
  /** The console takes no passwords (identity service): another route, or a bundle. */
  'PASSWORD_LOGIN_DISABLED',
  /** A route that cannot be used as set up: its tool missing, an unknown context, no kotsadm where it looked. */
  'CONSOLE_ROUTE',
  /** The cluster's RBAC refused a call the route needs (read from kubectl's own error). */
  'CONSOLE_FORBIDDEN',
  /** The route's connection (a kubectl port-forward) ended while the push ran. */
  'CONSOLE_ROUTE_LOST',
  // Sign-in check
  'SIGNIN_MISMATCH',
  'SIGNIN_REFUSED',
  'SIGNIN_UNREACHABLE',
  'SIGNIN_TLS',
  // Entra app through Microsoft Graph (issue 23)
  'ENTRA_SIGNIN',
  'ENTRA_UNREACHABLE',
  'GRAPH_REFUSED',
  'REGISTRATION_EXISTS',
  'REGISTRATION_INCOMPLETE',
  'SECRET_NOT_PROVEN',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  remedy?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly remedy: string | undefined;

  constructor(code: ErrorCode, message: string, remedy?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.remedy = remedy;
  }

  toShape(): AppErrorShape {
    return this.remedy === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, remedy: this.remedy };
  }

  static fromShape(shape: AppErrorShape): AppError {
    return new AppError(shape.code, shape.message, shape.remedy);
  }
}

/** What every channel answers with: a value, or a typed error. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };
