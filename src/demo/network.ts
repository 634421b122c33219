import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

/**
 * The demo's own network for DeepSource's sign-in: a proxy on 127.0.0.1 that takes a browser's CONNECT to a real
 * host name (deepsource.demo.example, login.microsoftonline.com, app.vssps.visualstudio.com) to the demo server that
 * stands in for it, and refuses every other host. The browser keeps the real addresses, so the app reads them exactly
 * as it would against DeepSource and Azure; each server's certificate is judged by the demo's pins, per host name.
 * Nothing leaves this computer.
 */
export interface DemoNetwork {
  /** The proxy, as a session's proxy rules take it: http://127.0.0.1:PORT. */
  url: string;
  /** Where a connection to host:port goes instead (127.0.0.1 and the stand-in's port), or null: refused. */
  resolve: (host: string, port: number) => { host: string; port: number } | null;
  close: () => Promise<void>;
}

/** `hosts`: real host name (port 443) → the https origin on 127.0.0.1 that stands in for it. */
export async function startDemoNetwork(hosts: Readonly<Record<string, string>>): Promise<DemoNetwork> {
  const table = new Map(Object.entries(hosts).map(([host, origin]) => [host.toLowerCase(), Number(new URL(origin).port)]));
  const resolve = (host: string, port: number) => {
    const mapped = port === 443 ? table.get(host.toLowerCase().replace(/\.$/, '')) : undefined;
    return mapped === undefined ? null : { host: '127.0.0.1', port: mapped };
  };
  const sockets = new Set<Socket>();
  const server = http.createServer((_request, response) => response.writeHead(403, { 'content-type': 'text/plain' }).end('The demo network carries https only.'));
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('connect', (request: http.IncomingMessage, client: Socket, head: Buffer) => {
    const match = /^([^:\s]+):(\d{1,5})$/.exec(request.url ?? '');
    const to = match ? resolve(match[1]!, Number(match[2])) : null;
    client.on('error', () => client.destroy());
    if (!to) return void client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
    const upstream = net.connect(to.port, to.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.once('close', () => upstream.destroy());
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    resolve,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/**
 * A form POST from a demo server to another (DeepSource's server to Azure's token endpoint) by its real address,
 * carried by the demo network's table and accepted only with the certificate pinned for that host name.
 */
export function demoPost(network: Pick<DemoNetwork, 'resolve'>, pins: readonly { hostname: string; fingerprint256: string }[]) {
  return (url: string, form: URLSearchParams): Promise<{ status: number; body: unknown }> => {
    const target = new URL(url);
    const to = network.resolve(target.hostname, Number(target.port || 443));
    const pin = pins.find((p) => p.hostname === target.hostname)?.fingerprint256;
    if (!to || !pin) return Promise.reject(new Error(`the demo network has no way to ${target.hostname}`));
    const body = form.toString();
    return new Promise((resolve, reject) => {
      const request = https.request(
        // A fresh connection each time (no agent): its certificate is the one judged, never a resumed session's.
        { host: to.host, port: to.port, servername: target.hostname, method: 'POST', path: `${target.pathname}${target.search}`, agent: false, rejectUnauthorized: false, headers: { host: target.host, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
        (response) => {
          const peer = (response.socket as TLSSocket).getPeerCertificate();
          if (peer.fingerprint256 !== pin) {
            response.destroy();
            return reject(new Error('not the pinned certificate'));
          }
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // Not JSON: kept as text.
            }
            resolve({ status: response.statusCode ?? 502, body: parsed });
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  };
}
