import net, { type AddressInfo } from 'node:net';

/**
 * The attacker's proxy of issue 22 §2: one loopback port that sends each TLS connection to one of two servers by
 * what its ClientHello offers in ALPN. Chromium offers h2; a plain Node TLS probe offers nothing. So a check that
 * judged a probe's certificate but let Chromium load the page was shown two different servers.
 */
export interface AlpnSplit {
  port: number;
  /** Connections sent on, by route. */
  routed: { h2: number; other: number };
  close: () => Promise<void>;
}

/** The ALPN protocol names a ClientHello record offers (empty when it offers none or cannot be read). */
export function offeredAlpn(record: Buffer): string[] {
  try {
    let at = 5 + 4 + 2 + 32; // record header, handshake header, client_version, random
    at += 1 + record.readUInt8(at); // session id
    at += 2 + record.readUInt16BE(at); // cipher suites
    at += 1 + record.readUInt8(at); // compression methods
    const end = at + 2 + record.readUInt16BE(at);
    at += 2;
    while (at + 4 <= end) {
      const type = record.readUInt16BE(at);
      const length = record.readUInt16BE(at + 2);
      if (type === 16) {
        const names: string[] = [];
        for (let p = at + 6; p < at + 4 + length; p += 1 + record.readUInt8(p)) names.push(record.subarray(p + 1, p + 1 + record.readUInt8(p)).toString('latin1'));
        return names;
      }
      at += 4 + length;
    }
  } catch {
    // a short or odd record offers nothing we can read
  }
  return [];
}

export async function startAlpnSplit(to: { h2: number; other: number }): Promise<AlpnSplit> {
  const routed = { h2: 0, other: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    let seen = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      if (seen.length < 5 || seen.length < 5 + seen.readUInt16BE(3)) return;
      client.off('data', onData);
      client.pause();
      const route = offeredAlpn(seen).includes('h2') ? 'h2' : 'other';
      routed[route] += 1;
      const upstream = net.connect(to[route], '127.0.0.1', () => {
        upstream.write(seen);
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    routed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
