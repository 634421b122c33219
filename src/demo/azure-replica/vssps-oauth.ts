import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http-body';
import { ADO_SCOPE_CHOICES, ADO_STYLE, header } from './markup/ado';
import { escapeHtml, page } from './markup/html';
import { send } from './http';

/**
 * Azure DevOps OAuth's own sign-in (app.vssps.visualstudio.com), for a legacy app: /oauth2/authorize checks the app
 * and its one callback URL (a mismatch is a 400, as Microsoft documents), asks the user to accept the scopes, and sends
 * the browser back with a code (an "assertion"); /oauth2/token redeems it once with the app's Client Secret as the
 * client assertion and the same callback.
 */
export interface VsspsApp {
  appName: string;
  appId: string;
  clientSecret: string;
  callback: string;
  scopes: readonly string[];
}

const MAX_BODY = 16 * 1024;

function consentPage(app: VsspsApp, txn: string): string {
  const scopes = app.scopes.map((id) => `<li>${escapeHtml(ADO_SCOPE_CHOICES.find((c) => c[1] === id)?.[0] ?? id)}</li>`).join('');
  return page({
    title: 'Authorize application - Azure DevOps',
    style: ADO_STYLE,
    body: `${header(true)}<main class="bolt-page"><h1>Authorize ${escapeHtml(app.appName)}</h1><p>${escapeHtml(app.appName)} is requesting permission to access your Azure DevOps account:</p><ul>${scopes}</ul>
<form method="post" action="/oauth2/authorize"><input type="hidden" name="txn" value="${escapeHtml(txn)}"><button class="bolt-button" name="answer" value="accept" type="submit">Accept</button> <button class="bolt-button secondary" name="answer" value="deny" type="submit">Deny</button></form></main>`,
  });
}

function errorPage(status: number, message: string): string {
  return page({ title: 'Azure DevOps', style: ADO_STYLE, body: `${header(true)}<main class="bolt-page"><h1>${status} - ${escapeHtml(status === 400 ? 'Bad request' : 'Error')}</h1><p role="alert">${escapeHtml(message)}</p></main>` });
}

/** The route answered (what it sent is already on its way). */
const answered = (sent: void): true => {
  void sent;
  return true;
};

export function createVsspsOAuth(apps: () => readonly VsspsApp[]) {
  const transactions = new Map<string, { app: VsspsApp; state: string | null }>();
  const codes = new Map<string, VsspsApp>();

  const back = (response: ServerResponse, app: VsspsApp, fields: Record<string, string>) => {
    const url = new URL(app.callback);
    for (const [key, value] of Object.entries(fields)) url.searchParams.set(key, value);
    response.writeHead(302, { location: url.toString(), 'cache-control': 'no-store' }).end();
  };

  /** Answers the vssps OAuth routes; false for any other. */
  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> => {
    const route = `${request.method ?? 'GET'} ${url.pathname}`;
    if (route === 'GET /oauth2/authorize') {
      const q = url.searchParams;
      const app = apps().find((a) => a.appId.toLowerCase() === (q.get('client_id') ?? '').toLowerCase());
      if (!app) return answered(send(response, 400, 'html', errorPage(400, 'The client_id is not a registered application.')));
      if (q.get('redirect_uri') !== app.callback) return answered(send(response, 400, 'html', errorPage(400, 'The redirect_uri does not match the Authorization callback URL registered for this application.')));
      if (q.get('response_type') !== 'Assertion') return answered(send(response, 400, 'html', errorPage(400, 'response_type must be Assertion.')));
      const txn = randomBytes(18).toString('base64url');
      transactions.set(txn, { app, state: q.get('state') });
      send(response, 200, 'html', consentPage(app, txn));
      return true;
    }
    if (route === 'POST /oauth2/authorize') {
      const form = new URLSearchParams(await readBody(request, MAX_BODY));
      const held = transactions.get(form.get('txn') ?? '');
      if (!held) return answered(send(response, 400, 'html', errorPage(400, 'This authorization request has expired. Start again from the application.')));
      transactions.delete(form.get('txn') ?? '');
      const state: Record<string, string> = held.state !== null ? { state: held.state } : {};
      if (form.get('answer') !== 'accept') return answered(back(response, held.app, { error: 'access_denied', ...state }));
      const code = randomBytes(32).toString('base64url');
      codes.set(code, held.app);
      back(response, held.app, { code, ...state });
      return true;
    }
    if (route === 'POST /oauth2/token') {
      const form = new URLSearchParams(await readBody(request, MAX_BODY));
      const app = codes.get(form.get('assertion') ?? '');
      codes.delete(form.get('assertion') ?? '');
      const refuse = (error: string, description: string) => send(response, 400, 'json', JSON.stringify({ Error: error, ErrorDescription: description }));
      if (!app) return answered(refuse('invalid_grant', 'The authorization code is invalid or was already used.'));
      if (form.get('client_assertion') !== app.clientSecret) return answered(refuse('invalid_client', 'The client assertion is not the application’s client secret.'));
      if (form.get('redirect_uri') !== app.callback) return answered(refuse('invalid_request', 'The redirect_uri does not match the one registered.'));
      send(response, 200, 'json', JSON.stringify({ access_token: randomBytes(32).toString('base64url'), token_type: 'jwt-bearer', expires_in: '3599', refresh_token: randomBytes(32).toString('base64url'), scope: app.scopes.join(' ') }));
      return true;
    }
    return false;
  };
}
