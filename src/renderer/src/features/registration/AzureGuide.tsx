import type { ProviderId } from '../../../../shared/registration';

/** What the admin does in Azure now, step by step, for the kind of app being registered. */
export function AzureGuide({ provider, callbackUrl, organization, rotate = false }: { provider: ProviderId; callbackUrl?: string | undefined; organization?: string | undefined; rotate?: boolean }) {
  const steps =
    rotate
      ? provider === 'entra'
        ? ['Sign in to the Azure portal.', 'On the app’s Certificates & secrets page press “+ New client secret”, then “Add”.', 'The new secret’s Value is read the moment it appears; only the client secret is replaced.']
        : ['Sign in with the account that owns the app.', 'On the app’s page make a new client secret.', 'The new secret is read from the page; only the client secret is replaced.']
      : provider === 'entra'
        ? [
            'Sign in to the Azure portal.',
            `Open your app under App registrations, or press “+ New registration” (Name: ${organization ? `DeepSource ${organization}` : 'DeepSource'}, Redirect URI, Web: ${callbackUrl ?? 'your DeepSource callback URL'}) and “Register”.`,
            'Open “Certificates & secrets”, press “+ New client secret”, then “Add”. Its Value is read the moment it appears (Azure shows it only once).',
          ]
        : [
            'Sign in with the account that should own the app (a team or service account: an Azure app cannot change owner).',
            'Check the form in the browser below: it is filled in for you.',
            'Press “Create application”. The App ID, client secret and authorize URL are read from the page that follows.',
          ];
  return (
    <div className="guide">
      <h3>Do this in Azure now</h3>
      <ol>
        {steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <p className="muted">Values are read straight from the page; nothing is submitted for you and nothing goes through the clipboard.</p>
    </div>
  );
}
