/**
 * Where a console secret may go is the admin's decision, made once per console and certificate. A change after
 * that — another console address, another pinned certificate, another CA — is asked of the admin by the main
 * process itself (a native dialog in the app; on the command line the flag the admin typed is the answer), never
 * decided by whatever the window sends.
 */

export type TrustChange =
  | { kind: 'console'; profileId: string; profileLabel: string; from: string; to: string }
  | { kind: 'certificate'; profileId: string; profileLabel: string; console: string; pinned?: string; presented: string }
  | { kind: 'ca'; profileId: string; profileLabel: string; console: string; from?: string; to: string };

/** Asks the admin to confirm a trust change; true only on an explicit yes. */
export interface TrustDecisions {
  confirm(change: TrustChange): Promise<boolean>;
}

/** Where nothing can ask (tests, a harness without a dialog): every change is refused. */
export const refuseTrustChanges: TrustDecisions = { confirm: async () => false };

export interface TrustQuestion {
  title: string;
  message: string;
  detail: string;
  keep: string;
  accept: string;
}

/** The words of the question, the same in the native dialog and on the command line. */
export function describeTrustChange(change: TrustChange): TrustQuestion {
  const who = `the installation "${change.profileLabel}"`;
  switch (change.kind) {
    case 'console':
      return {
        title: 'Use another admin console?',
        message: `Send the secrets of ${who} to another admin console?`,
        detail: `Until now: ${change.from}\nNew: ${change.to}\n\nThe client secret, the webhook secret and the console password go only to the console you trust. Change it only if you moved the console yourself.`,
        keep: `Keep ${change.from}`,
        accept: 'Use the new console',
      };
    case 'certificate':
      return {
        title: 'The console’s certificate changed',
        message: change.pinned
          ? `The admin console of ${who} presents a different certificate. Someone may be intercepting the connection.`
          : `Pin a certificate for the admin console of ${who}, which was trusted through the system until now?`,
        detail: `${change.console}\nPinned: ${change.pinned ?? '(none: the system’s trust store)'}\nNow presented: ${change.presented}\n\nTrust the new certificate only if you renewed it yourself and this fingerprint matches the one the console shows.`,
        keep: 'Keep the pinned certificate',
        accept: 'Trust the new certificate',
      };
    case 'ca':
      return {
        title: 'Trust the console through another CA?',
        message: `Trust the admin console of ${who} through another certificate authority?`,
        detail: `${change.console}\nUntil now: ${change.from ?? '(no CA file)'}\nNew CA file: ${change.to}`,
        keep: 'Keep the current trust',
        accept: 'Use the new CA file',
      };
  }
}
