import type { RegistrationState, SignInAudience } from '../../../../shared/registration';

const AUDIENCE_NAMES: Readonly<Record<SignInAudience, string>> = {
  AzureADMyOrg: 'this organization only (single tenant)',
  AzureADMultipleOrgs: 'any organization (multitenant)',
  AzureADandPersonalMicrosoftAccount: 'any organization and personal Microsoft accounts',
  PersonalMicrosoftAccount: 'personal Microsoft accounts only',
};

/**
 * What was read back from the app's own pages in Azure, as read: the account type, the Web redirect URIs, the API
 * permissions with their consent, the expiry of the secret whose Value was read. Only what a page showed is listed.
 */
export function ReadBackFacts({ state }: { state: RegistrationState }) {
  const facts = state.readBack;
  if (!facts || Object.keys(facts).length === 0) return null;
  return (
    <details className="read-back" data-testid="read-back">
      <summary>Read back from the app’s pages in Azure</summary>
      <dl className="facts">
        {facts.signInAudience ? (
          <>
            <dt>Supported account types</dt>
            <dd data-testid="read-back-audience">{AUDIENCE_NAMES[facts.signInAudience]}</dd>
          </>
        ) : null}
        {facts.redirectUris ? (
          <>
            <dt>Web redirect URIs</dt>
            <dd data-testid="read-back-redirect-uris">
              {facts.redirectUris.length === 0 ? 'none' : (
                <ul className="plain-list">
                  {facts.redirectUris.map((uri) => (
                    <li key={uri} className="mono">
                      {uri}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </>
        ) : null}
        {facts.apiPermissions ? (
          <>
            <dt>API permissions</dt>
            <dd data-testid="read-back-permissions">
              {facts.apiPermissions.length === 0 ? 'none' : (
                <ul className="plain-list">
                  {facts.apiPermissions.map((p) => (
                    <li key={`${p.resource}/${p.scope}/${p.type}`}>
                      {p.resource}: <span className="mono">{p.scope}</span> ({p.type.toLowerCase()}, consent {p.consent === 'granted' ? 'granted' : 'not granted'})
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </>
        ) : null}
        {facts.secretExpiresOn ? (
          <>
            <dt>Client secret expires</dt>
            <dd data-testid="read-back-expiry">{facts.secretExpiresOn}</dd>
          </>
        ) : null}
      </dl>
    </details>
  );
}
