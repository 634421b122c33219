import { AuthError, LogLevel, PublicClientApplication, type AccountInfo, type AuthenticationResult } from '@azure/msal-node';
import { AppError } from '../../shared/errors';
import { DEFAULT_GRAPH_CLIENT_ID } from '../../shared/entra-graph';
import { aadstsCode, explainSignIn } from './aadsts';
import type { EntraEndpoints } from './clouds';
import { msalNetwork, type HttpsClient } from './https-client';

/**
 * The admin's sign-in to Microsoft Graph: MSAL Node's authorization code flow with PKCE, in the system browser
 * (which passes device-based Conditional Access where an embedded browser fails). MSAL listens for the answer on
 * 127.0.0.1 only (its LoopbackClient binds there; the redirect URI it sends is http://localhost:PORT), takes the code
 * from Entra's form_post, and redeems it with the verifier. The tab that finishes says to return to the app.
 */

/** Opens an address in the admin's own browser: shell.openExternal in the app, $BROWSER or the OS opener in the CLI. */
export interface SystemBrowser {
  open: (url: string) => Promise<void>;
}

export interface AdminSignInOptions {
  endpoints: EntraEndpoints;
  /** The public client signed in through (default: Microsoft Graph Command Line Tools). */
  clientId?: string;
  http: HttpsClient;
  browser: SystemBrowser;
}

export interface AdminToken {
  accessToken: string;
  tenantId: string;
  username: string;
}

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style></head><body><h1>${title}</h1><p>${text}</p></body></html>`;
/** What the browser tab shows once Entra handed the answer back (MSAL serves it from the loopback). */
export const SIGNED_IN_PAGE = page('Signed in: return to ADS Setup Assistant', 'ADS Setup Assistant is now creating DeepSource’s app registration in Azure and shows every step. You can close this tab.');
export const SIGN_IN_FAILED_PAGE = page('Sign-in did not finish: return to ADS Setup Assistant', 'ADS Setup Assistant says what Microsoft Entra answered and what to do. You can close this tab.');

export class AdminSignIn {
  readonly #options: AdminSignInOptions;
  readonly #client: PublicClientApplication;
  readonly #clientId: string;
  #account: AccountInfo | null = null;
  /** The sign-in waiting in the browser: where MSAL listens and the state it expects, so it can be cancelled. */
  #pending: { redirectUri: string; state: string } | null = null;
  #cancelled = false;

  constructor(options: AdminSignInOptions) {
    this.#options = options;
    this.#clientId = options.clientId ?? DEFAULT_GRAPH_CLIENT_ID;
    const { endpoints } = options;
    const ownCloud = endpoints.loginUrl === `https://${endpoints.authorityHost}`;
    this.#client = new PublicClientApplication({
      auth: {
        clientId: this.#clientId,
        authority: `${endpoints.loginUrl}/organizations`,
        // A private sign-in address is trusted as given: MSAL asks no Microsoft host for instance discovery then.
        ...(ownCloud ? {} : { knownAuthorities: [new URL(endpoints.loginUrl).host] }),
      },
      system: {
        networkClient: msalNetwork(options.http),
        loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
      },
    });
  }

  get clientId(): string {
    return this.#clientId;
  }

  /** A Graph token with these permissions (values such as Application.ReadWrite.All): silently when already signed in. */
  /**
   * `tenant`: sign in to that tenant (default `organizations`, the admin's home tenant); `onSignInUrl` is told the
   * sign-in address as it goes to the browser (for an admin whose browser did not open).
   */
  async token(permissions: readonly string[], options: { tenant?: string | undefined; onSignInUrl?: (url: string) => void } = {}): Promise<AdminToken> {
    const scopes = permissions.map((value) => `${this.#options.endpoints.graphAudience}/${value}`);
    const authority = `${this.#options.endpoints.loginUrl}/${options.tenant ?? 'organizations'}`;
    const { onSignInUrl } = options;
    if (this.#account) {
      try {
        const result = await this.#client.acquireTokenSilent({ account: this.#account, scopes, ...(options.tenant ? { authority } : {}) });
        if (!options.tenant || result.tenantId?.toLowerCase() === options.tenant.toLowerCase()) return this.#toToken(result);
      } catch {
        // Consent for a new permission, or an expired session: sign in again, interactively.
      }
    }
    this.#cancelled = false;
    try {
      const result = await this.#client.acquireTokenInteractive({
        scopes,
        authority,
        openBrowser: async (url) => {
          const parsed = new URL(url);
          // Only the sign-in this run was set up for goes to the browser.
          if (parsed.origin !== new URL(this.#options.endpoints.loginUrl).origin) throw new AppError('ENTRA_SIGNIN', `MSAL asked to open ${parsed.origin}, not the sign-in at ${this.#options.endpoints.loginUrl}.`, 'This is a bug: report it.');
          this.#pending = { redirectUri: parsed.searchParams.get('redirect_uri') ?? '', state: parsed.searchParams.get('state') ?? '' };
          onSignInUrl?.(url);
          await this.#options.browser.open(url);
        },
        successTemplate: SIGNED_IN_PAGE,
        errorTemplate: SIGN_IN_FAILED_PAGE,
      });
      this.#account = result.account;
      return this.#toToken(result);
    } catch (error) {
      throw this.#explain(error);
    } finally {
      this.#pending = null;
    }
  }

  /**
   * Ends a sign-in still waiting for the browser: the answer "cancelled" goes to MSAL's own loopback, as Entra's
   * form_post would carry a refusal, so MSAL stops listening and its promise settles.
   */
  async cancel(): Promise<void> {
    const pending = this.#pending;
    if (!pending) return;
    this.#cancelled = true;
    const port = new URL(pending.redirectUri).port;
    await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ error: 'access_denied', error_description: 'Cancelled in ADS Setup Assistant.', state: pending.state }).toString(),
    }).catch(() => undefined);
  }

  #toToken(result: AuthenticationResult): AdminToken {
    if (!result.accessToken || !result.tenantId) throw new AppError('ENTRA_SIGNIN', 'Microsoft Entra answered the sign-in without a token.', 'Sign in again.');
    return { accessToken: result.accessToken, tenantId: result.tenantId.toLowerCase(), username: result.account?.username ?? '' };
  }

  #explain(error: unknown): AppError {
    if (error instanceof AppError) return error;
    if (this.#cancelled) return new AppError('CANCELLED', 'The sign-in was cancelled.', 'Start again when ready.');
    const text = error instanceof AuthError ? `${error.errorCode} ${error.errorMessage}` : error instanceof Error ? error.message : '';
    const code = aadstsCode(text);
    const known = explainSignIn(code, { id: this.#clientId, isDefault: this.#clientId === DEFAULT_GRAPH_CLIENT_ID });
    if (known) return new AppError('ENTRA_SIGNIN', known.message, known.remedy);
    const host = new URL(this.#options.endpoints.loginUrl).host;
    if (error instanceof AuthError && /network|timeout|fetch/i.test(`${error.errorCode} ${error.errorMessage}`)) {
      return new AppError('ENTRA_UNREACHABLE', `Microsoft’s sign-in (${host}) could not be reached.`, 'Check the network connection and the cloud you chose, then try again.');
    }
    const detail = code !== null ? `AADSTS${code}` : error instanceof AuthError ? error.errorCode : 'no answer';
    return new AppError('ENTRA_SIGNIN', `The sign-in at ${host} did not finish (${detail}).`, 'Sign in again; if it fails the same way, use the Azure portal instead.');
  }
}
