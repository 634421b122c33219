import type { SignInFacet } from '../types';

/** The three scopes DeepSource needs, by id and by their labels on the register form. */
export const ADO_SCOPES = [
  { id: 'vso.code_write', labels: ['Code (read and write)'] },
  { id: 'vso.code_status', labels: ['Code (status)'] },
  { id: 'vso.project', labels: ['Project and team (read)'] },
] as const;

/** Azure DevOps OAuth's authorize endpoint (https, default port). */
export const ADO_AUTHORIZE = { host: 'app.vssps.visualstudio.com', path: '/oauth2/authorize' } as const;

export const adoSignIn: SignInFacet = {
  hosts: [ADO_AUTHORIZE.host],
  readAuthorizeEndpoint: ({ host, port, path }) => (host === ADO_AUTHORIZE.host && port === '' && path.toLowerCase() === ADO_AUTHORIZE.path ? { tenant: null } : null),
  authorityCheck: (observed, _profile, observedBy) =>
    observedBy.id === 'ado-oauth'
      ? { id: 'signin-authority', ok: true, message: `DeepSource sends users to Azure DevOps OAuth (${ADO_AUTHORIZE.host}), as a legacy app needs.` }
      : {
          id: 'signin-authority',
          ok: false,
          message: `DeepSource sends users to ${observed.authorityHost} (${observedBy.ui.name}), but this installation uses an Azure DevOps OAuth app.`,
          fix: `Set the Azure DevOps Services Authority Host field back to ${ADO_AUTHORIZE.host}, or switch this installation to ${observedBy.ui.name} and register there.`,
        },
  scopeCheck: (observed) => {
    const scopes = (observed.scope ?? '').split(/\s+/).filter(Boolean);
    const missing = ADO_SCOPES.map((s) => s.id).filter((id) => !scopes.includes(id));
    return missing.length === 0
      ? { id: 'signin-scope', ok: true, message: 'DeepSource asks for the three scopes it needs (vso.code_write, vso.code_status, vso.project).' }
      : { id: 'signin-scope', ok: false, message: `DeepSource does not ask for ${missing.join(', ')}.`, fix: 'This DeepSource version asks for other scopes than the app was registered with; register the app with the scopes DeepSource documents.' };
  },
  callbackRemedy: (sent) =>
    `An Azure DevOps OAuth app cannot change its callback: register the app again with ${sent}, then push the new values. Switching this installation to that form prepares the new registration.`,
};
