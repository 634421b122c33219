/**
 * Why Azure refused a user's sign-in to DeepSource, and what to do, for the AADSTS codes an admin meets after
 * registering DeepSource's app (reference/entra-graph.md, "Sign-in errors"), in this installation's terms. Any other
 * code is named as Azure showed it, with where to look it up. The codes of the admin's own Graph sign-in and of the
 * secret's proof are explained in entra-graph/aadsts.ts.
 */
export interface RefusalFacts {
  appId: string | undefined;
  callback: string;
  /** The tenant path DeepSource sends users to (a tenant ID, organizations, common), when it was read. */
  tenant: string | null;
}

export function explainAzureRefusal(code: number | null, facts: RefusalFacts, error?: string): { message: string; remedy: string } {
  const app = facts.appId ? `the app ${facts.appId}` : 'the app';
  switch (code) {
    case 50011:
      return {
        message: `Azure refused the redirect URI DeepSource sent (AADSTS50011): ${facts.callback} is not one of ${app}’s Web redirect URIs, exactly.`,
        remedy: `On the app’s Authentication page add ${facts.callback} under Web → Redirect URIs and press Save. If only the trailing slash differs, add that form too.`,
      };
    case 700016:
      return {
        message: `Azure does not know ${app} in the directory the user signed in to (AADSTS700016): the App ID DeepSource sends is not registered there.`,
        remedy: 'Check the Azure DevOps Services Application ID in the admin console against the app’s Overview; a single-tenant app works only for accounts of its own tenant.',
      };
    case 650057:
      return {
        message: `${app[0]!.toUpperCase()}${app.slice(1)} lists no Azure DevOps permission, but DeepSource asks Azure for Azure DevOps access (AADSTS650057).`,
        remedy: 'On the app’s API permissions page add Azure DevOps → Delegated permissions vso.code_write, vso.code_status and vso.project, then grant admin consent if your organization needs it.',
      };
    case 65001:
      return {
        message: 'Nobody has consented to the app’s Azure DevOps permissions, and this user may not consent for it (AADSTS65001).',
        remedy: 'An admin presses “Grant admin consent for …” on the app’s API permissions page (or accepts for the organization at their own first sign-in).',
      };
    case 65004:
      return {
        message: 'The sign-in stopped at “Permissions requested”: consent was declined (AADSTS65004).',
        remedy: 'Sign in again and press Accept, or have an admin grant consent for the organization on the app’s API permissions page.',
      };
    case 50194:
      return {
        message: `${app[0]!.toUpperCase()}${app.slice(1)} is single tenant, but DeepSource sends users to /${facts.tenant ?? 'organizations'} (AADSTS50194): Azure takes single-tenant apps only at their own tenant’s address.`,
        remedy: 'On the app’s Authentication page choose “Accounts in any organizational directory (Multitenant)” under Supported account types and press Save.',
      };
    case 53003:
      return { message: 'A Conditional Access policy of the organization blocked the sign-in (AADSTS53003).', remedy: 'Sign in from a device and network the policies allow, or ask your identity admin which policy applies to DeepSource’s app.' };
    case 90002:
      return { message: `Azure does not know the tenant DeepSource sends users to (AADSTS90002)${facts.tenant ? `: ${facts.tenant}` : ''}.`, remedy: 'Check the tenant in DeepSource’s Azure DevOps settings, or register the app in the tenant your users sign in to.' };
    case 7000215:
      return { message: 'Azure refused DeepSource’s client secret (AADSTS7000215): the admin console holds another secret than the app’s (or its Secret ID).', remedy: 'Rotate the client secret and push it to the admin console, then deploy.' };
    case 7000222:
      return { message: 'DeepSource’s client secret has expired (AADSTS7000222).', remedy: 'Rotate the client secret and push it to the admin console, then deploy.' };
    case null:
      return {
        message: `Azure refused the sign-in${error ? ` (${error})` : ''} without an AADSTS code.`,
        remedy: 'Read what Azure’s page says in the built-in browser, then fix the app registration it names.',
      };
    default:
      return {
        message: `Azure refused the sign-in with AADSTS${code}.`,
        remedy: `Look AADSTS${code} up in Microsoft’s list of Entra error codes (learn.microsoft.com, “Microsoft Entra authentication and authorization error codes”) and fix what it names.`,
      };
  }
}
