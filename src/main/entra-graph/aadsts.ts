/**
 * What Entra's AADSTS codes mean for this app, in the admin's words, with what to do. Two audiences: the admin's own
 * sign-in (to let the app call Graph), and the proof of an installation's client secret (client credentials).
 * Sources: Microsoft's AADSTS reference and reference/entra-graph.md.
 */

export interface Explanation {
  message: string;
  remedy: string;
}

/** The AADSTS number in an error text (Entra puts it first in error_description), or null. */
export function aadstsCode(text: string | undefined): number | null {
  const match = /AADSTS(\d{5,8})/.exec(text ?? '');
  return match ? Number(match[1]) : null;
}

/** The admin's sign-in to Graph (authorize and code redemption). `client` names the public client used. */
export function explainSignIn(code: number | null, client: { id: string; isDefault: boolean }): Explanation | null {
  switch (code) {
    case 65001:
      return {
        message: 'Your organization has not consented to the sign-in app’s Graph permissions, and your account may not consent to them (AADSTS65001).',
        remedy: `Sign in with an account that may grant admin consent (Cloud Application Administrator or Application Administrator), or ask one to grant it once for the app ${client.id} (Entra admin center → Enterprise applications). Or use the Azure portal instead.`,
      };
    case 65004:
      return {
        message: 'The sign-in was stopped at “Permissions requested”: consent was declined (AADSTS65004).',
        remedy: 'Start again and press Accept: the app needs to read and write app registrations to create DeepSource’s. Or use the Azure portal instead.',
      };
    case 53003:
      return {
        message: 'A Conditional Access policy of your organization blocked the token for Microsoft Graph (AADSTS53003).',
        remedy: 'Sign in from a device and network your policies allow (the system browser carries your device’s compliance), or ask your identity admin which policy applies to Microsoft Graph. Or use the Azure portal instead.',
      };
    case 50011:
      return {
        message: `The sign-in app ${client.id} does not allow the loopback address the app listens on (AADSTS50011).`,
        remedy: 'In that app’s Authentication page add the platform “Mobile and desktop applications” with the redirect URI http://localhost, or use the default sign-in app.',
      };
    case 700016:
      return {
        message: `The sign-in app ${client.id} does not exist in this cloud or tenant (AADSTS700016).`,
        remedy: client.isDefault ? 'Check the cloud you chose: the sign-in goes to that cloud’s Microsoft Entra ID.' : 'Check the sign-in app’s client ID, or leave it empty to use Microsoft Graph Command Line Tools.',
      };
    case 7000218:
      return {
        message: `The sign-in app ${client.id} is not a public client: it asks for a client secret (AADSTS7000218).`,
        remedy: 'In that app’s Authentication page turn on “Allow public client flows”, or use the default sign-in app.',
      };
    case 90002:
      return { message: 'This tenant does not exist in the chosen cloud (AADSTS90002).', remedy: 'Check the cloud and the tenant, then sign in again.' };
    case 500011:
      return {
        message: 'Microsoft Graph of the chosen cloud is not known to this sign-in (AADSTS500011): the cloud and the sign-in address do not belong together.',
        remedy: 'Choose the cloud your tenant lives in (global, US Government or China); a private sign-in address must serve that same cloud.',
      };
    case 50105:
      return { message: 'Your account is not assigned to the sign-in app (AADSTS50105).', remedy: 'Ask an admin to assign you to it under Enterprise applications, or sign in with another account.' };
    default:
      return null;
  }
}

/** A client-credentials request with an installation's App ID, tenant and client secret. */
export function explainProof(code: number | null, facts: { appId: string; tenantId: string }): Explanation | null {
  switch (code) {
    case 7000215:
      return {
        message: 'Entra refused the client secret (AADSTS7000215): it is not a secret of this app, it was taken as the Secret ID instead of its Value, or it was made in the last two minutes and has not reached every sign-in server yet.',
        remedy: 'If the secret is only minutes old, prove it again in a minute. Otherwise make a new client secret for this app and store its Value (Rotate client secret).',
      };
    case 7000222:
      return { message: 'The client secret has expired (AADSTS7000222).', remedy: 'Make a new client secret (Rotate client secret), then deliver it to DeepSource.' };
    case 700016:
      return {
        message: `There is no app ${facts.appId} in tenant ${facts.tenantId} (AADSTS700016).`,
        remedy: 'Check the App ID and the tenant ID: the app may live in another tenant, or it was deleted.',
      };
    case 90002:
      return { message: `Tenant ${facts.tenantId} does not exist in this cloud (AADSTS90002).`, remedy: 'Check the Directory (tenant) ID and the cloud (the authority host).' };
    case 7000229:
      return {
        message: 'The app has no service principal (Enterprise application) in its tenant, so Entra issues it no token (AADSTS7000229).',
        remedy: 'Run Create the app in Azure again and choose to finish the registration (it creates the service principal), or create it in the Azure portal.',
      };
    case 500011:
      return {
        message: 'Azure DevOps has no service principal in this tenant (AADSTS500011), so there is nothing for the app to get a token for.',
        remedy: 'Sign in to Azure DevOps (dev.azure.com) once with an account of this tenant, or run Create the app in Azure, which creates it.',
      };
    default:
      return null;
  }
}
