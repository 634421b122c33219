import type { ProfileView } from '../../../../shared/profile';

/**
 * Where a save put what, as the installation now shows it: the client secret (and a webhook secret, called new only
 * when this save made it: it was stored in the same write) in the OS keychain; the App ID and tenant ID in the
 * installation's profile. One sentence for the portal and the Graph routes.
 */
export function savedWhere(view: ProfileView, rotate: boolean): string {
  if (rotate) return 'The new client secret is in the OS keychain; only the client secret was replaced.';
  const capturedAt = (kind: string) => view.secrets.find((secret) => secret.kind === kind)?.capturedAt;
  const clientSecretAt = capturedAt('client-secret');
  const newWebhook = clientSecretAt !== undefined && capturedAt('webhook-secret') === clientSecretAt;
  const ids = view.profile.azure.tenantId ? 'App ID and tenant ID are' : 'App ID is';
  return `The client secret${newWebhook ? ' and a new webhook secret are' : ' is'} in the OS keychain; the ${ids} in the installation’s profile.`;
}
