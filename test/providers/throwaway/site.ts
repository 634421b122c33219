import { randomBytes, randomUUID } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeSelfSignedCert } from '../../doubles/certificates';
import { THROWAWAY_SECRET_LENGTH, THROWAWAY_SECRET_PREFIX } from '.';

export interface ThrowawayApp {
  appId: string;
  name: string;
  redirect: string;
  scopes: string[];
  clientSecret: string;
}

export interface ThrowawaySite {
  /** https://localhost:PORT */
  origin: string;
  /** The site's self-signed certificate (PEM), for a browser to pin. */
  certificatePem: string;
  /** The apps made on it, in order. */
  apps: ThrowawayApp[];
  close: () => Promise<void>;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body>${body}</body></html>`;

function registerPage(): string {
  return page(
    'New app',
    `<h1>New app</h1>
<form method="post" action="/apps">
  <p><label for="name">App name</label> <input id="name" name="name" required></p>
  <p><label for="redirect">Return address</label> <input id="redirect" name="redirect" required></p>
  <fieldset><legend>Scopes</legend>
    <p><input type="checkbox" id="s1" name="scope" value="repo.read"> <label for="s1">Read repositories</label></p>
    <p><input type="checkbox" id="s2" name="scope" value="status.write"> <label for="s2">Write commit statuses</label></p>
    <p><input type="checkbox" id="s3" name="scope" value="admin"> <label for="s3">Administer everything</label></p>
  </fieldset>
  <button type="submit">Create app</button>
</form>`,
  );
}

function appPage(origin: string, app: ThrowawayApp): string {
  const authorize = new URL('/authorize', origin);
  authorize.searchParams.set('client_id', app.appId);
  authorize.searchParams.set('redirect_uri', app.redirect);
  authorize.searchParams.set('scope', app.scopes.join(' '));
  return page(
    app.name,
    `<h1>${escape(app.name)}</h1>
<dl>
  <dt>Name</dt><dd>${escape(app.name)}</dd>
  <dt>Client key</dt><dd>${app.appId}</dd>
  <dt>Client password</dt><dd><code>${app.clientSecret}</code></dd>
  <dt>Sign-in address</dt><dd><a href="${escape(authorize.toString())}">${escape(authorize.toString())}</a></dd>
  <dt>Created</dt><dd>just now</dd>
</dl>`,
  );
}

/** The throwaway provider's site on https://localhost (a real TLS server with its own certificate). */
export async function startThrowawaySite(): Promise<ThrowawaySite> {
  const certificate = makeSelfSignedCert('localhost');
  const apps: ThrowawayApp[] = [];
  let origin = '';
  const server = https.createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const send = (status: number, html: string) => response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    if (request.method === 'GET' && url.pathname === '/apps/new') return send(200, registerPage());
    if (request.method === 'POST' && url.pathname === '/apps') {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const form = new URLSearchParams(body);
        const secretTail = randomBytes(64).toString('base64url').slice(0, THROWAWAY_SECRET_LENGTH - THROWAWAY_SECRET_PREFIX.length);
        const app = { appId: randomUUID(), name: form.get('name') ?? '', redirect: form.get('redirect') ?? '', scopes: form.getAll('scope'), clientSecret: `${THROWAWAY_SECRET_PREFIX}${secretTail}` };
        apps.push(app);
        response.writeHead(303, { location: `/apps/${app.appId}` }).end();
      });
      return;
    }
    const app = apps.find((candidate) => url.pathname === `/apps/${candidate.appId}`);
    if (request.method === 'GET' && app) return send(200, appPage(origin, app));
    return send(404, page('Not found', '<h1>Not found</h1>'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    certificatePem: certificate.cert,
    apps,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
