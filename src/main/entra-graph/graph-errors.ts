import { AppError } from '../../shared/errors';
import type { GraphError } from './graph-client';

/** Where in the run Graph refused: the same refusal means different things (and remedies) at each step. */
export type GraphStep = 'read-azure-devops' | 'create-azure-devops' | 'find' | 'create' | 'complete' | 'delete' | 'read' | 'rotate';

const ROLE_REMEDY =
  'Sign in with an account that has the Application Administrator or Cloud Application Administrator role, or ask an admin to allow “Users can register applications” (Microsoft Entra ID → User settings).';

/** What a Graph call was for, in the admin's words (`POST /applications/{id}/addPassword` → adding the client secret). */
export function callInWords(call: string): string {
  const [method = '', path = ''] = call.split(' ');
  if (/\/addPassword$/.test(path)) return 'adding the client secret';
  if (/\/removePassword$/.test(path)) return 'removing the old client secret';
  if (/^\/oauth2PermissionGrants/.test(path)) return method === 'POST' ? 'granting tenant-wide consent' : 'reading the consent';
  if (/^\/servicePrincipals/.test(path)) return method === 'POST' ? 'creating the service principal' : method === 'DELETE' ? 'deleting the service principal' : 'reading a service principal';
  if (/^\/applications/.test(path)) return method === 'POST' ? 'creating the app registration' : method === 'PATCH' ? 'adding the Azure DevOps permissions' : method === 'DELETE' ? 'deleting the app registration' : 'reading the app registration';
  return call;
}

/** Graph's refusal in the admin's words, with what to do; Graph's own code and message are kept for support. */
export function explainGraph(error: GraphError, step: GraphStep): AppError {
  const said = `Graph answered ${error.status} ${error.code}: ${error.graphMessage}${error.requestId ? ` (request-id ${error.requestId})` : ''}`;
  if (error.status === 401) {
    return new AppError('GRAPH_REFUSED', `Microsoft Graph did not accept the sign-in’s token. ${said}`, 'Sign in again, and check that the cloud you chose is the one your tenant lives in.');
  }
  if (step === 'create-azure-devops') {
    return new AppError(
      'GRAPH_REFUSED',
      `Your tenant has no Azure DevOps service principal, and Graph did not create it. ${said}`,
      'Sign in to Azure DevOps (dev.azure.com) once with an account of this tenant, which adds it, or ask an admin to add the Azure DevOps enterprise application (appId 499b84ac-1321-427f-aa17-267ca6975798); then start again.',
    );
  }
  if (error.code === 'Authorization_RequestDenied' || error.status === 403) {
    if (/oauth2PermissionGrants/.test(error.call)) {
      return new AppError('GRAPH_REFUSED', `Your account may not grant tenant-wide consent. ${said}`, 'Start again without granting consent for the organization (each user then consents at first sign-in), or sign in as an admin who may grant consent.');
    }
    return new AppError('GRAPH_REFUSED', `Your account may not ${step === 'create' ? 'create app registrations' : 'change app registrations'} in this tenant. ${said}`, ROLE_REMEDY);
  }
  if (error.code === 'CredentialInvalidLifetimeAsPerAppPolicy') {
    return new AppError('GRAPH_REFUSED', `Your tenant’s app policy does not allow a client secret that lasts this long. ${said}`, 'Choose a shorter secret lifetime and finish the registration.');
  }
  if (error.status === 400 && step === 'create') {
    const about = /redirectUris/i.test(error.graphMessage) ? 'The callback URL is not accepted as a redirect URI: Entra takes https addresses of at most 256 characters. Check the installation’s host name.' : 'Check the installation’s host name and organization; if they are right, report the message above.';
    return new AppError('GRAPH_REFUSED', `Microsoft Graph refused the registration’s values. ${said}`, about);
  }
  return new AppError('GRAPH_REFUSED', `Azure refused ${callInWords(error.call)}. ${said}`, 'Azure may be busy: try again in a minute; if it keeps failing, use the Azure portal instead.');
}
