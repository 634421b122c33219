import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { addressRoute } from './address';

/** How the authstring is read on the cluster (what `kubectl kots` itself reads). */
export const AUTHSTRING_COMMAND = "kubectl get secret kotsadm-authstring -n <namespace> -o jsonpath='{.data.kotsadm-authstring}' | base64 -d";

/** `Kots <token>`: what the `kotsadm-authstring` secret holds (kotsadm compares the whole header with it). */
export const authstringSchema = z.string().regex(/^Kots [!-~]{8,512}$/, 'the authstring as the secret holds it: Kots followed by its token');

/** kotsadm refused the authstring on a session route. */
export function authstringRefused(where: string, detail: string): AppError {
  return new AppError(
    'CONSOLE_AUTH',
    `kotsadm at ${where} refused the authstring: “${detail || 'unauthorized'}”. It was tried once.`,
    `Read it again from the cluster (${AUTHSTRING_COMMAND}): it changes when kotsadm is reinstalled. Give the whole value, starting with "Kots ".`,
  );
}

/** Checks the authstring with one session route (GET /api/v1/ping); kotsadm's refusal is said by `refused`. */
export async function signInWithAuthstring(client: { useAuthorization(value: string): void; ping(): Promise<void> }, authstring: string, refused: (detail: string) => AppError): Promise<void> {
  client.useAuthorization(authstring);
  try {
    await client.ping();
  } catch (error) {
    if (error instanceof AppError && error.code === 'CONSOLE_AUTH') throw refused(/“(.*)”/.exec(error.message)?.[1] ?? '');
    throw error;
  }
}

/**
 * The console's address and the kotsadm authstring (`Authorization: Kots …`), the header `kubectl kots` sends: accepted
 * on every session route, also where password login is disabled (identity service). Same TLS pin and trust binding
 * as the password.
 */
export const authstringRoute = addressRoute({
  id: 'authstring',
  title: 'Address and authstring',
  summary: 'The admin console’s address and its kotsadm authstring, for consoles that take no password.',
  secret: {
    name: 'authstring',
    kind: 'secret',
    label: 'kotsadm authstring',
    placeholder: 'Kots …',
    help: 'The value of the kotsadm-authstring secret in the console’s namespace. Used to sign in once; not stored unless you choose to remember it.',
    cli: { flag: 'authstring-stdin', usage: 'Read the kotsadm authstring ("Kots …", the kotsadm-authstring secret) from standard input (one line).' },
    env: 'ADS_SETUP_CONSOLE_AUTHSTRING',
    ask: {
      prompt: 'kotsadm authstring: ',
      missing: 'The kotsadm authstring is needed to sign in.',
      remedy: `Paste it ("Kots …"); read it on the cluster with ${AUTHSTRING_COMMAND}.`,
    },
    check: authstringSchema,
  },
  remember: {
    name: 'remember',
    kind: 'remember',
    label: 'Remember the authstring in the system keychain',
    cli: { flag: 'remember-authstring', usage: 'Keep the authstring in the OS keychain, bound to this console and its certificate (or CA), like a remembered password.' },
  },
  signIn: (client, authstring, origin) => signInWithAuthstring(client, authstring, (detail) => authstringRefused(origin, detail)),
});
