import { AppError } from '../../../shared/errors';
import type { ConsoleBinding, Profile } from '../../../shared/profile';
import { sha256Hex as sha256 } from '../../crypto/sha256';
import { readSmallFile } from '../../files/small-file';
import { ConsoleTlsError, type KotsClient } from '../kots-client';
import type { CertificateTrust } from '../../tls/certificate-trust';
import { isLoopbackHost, normalizeFingerprint } from '../transport';
import type { ConsoleRoute, RouteContext, RouteOption, RouteValues } from './route';

/** A CA file is a few KB; anything larger is not one. */
const MAX_CA_FILE_BYTES = 1024 * 1024;

/** The console's origin from a URL the admin gave: https, or plain http on loopback only. */
export function consoleOrigin(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError('INVALID_INPUT', 'The admin console address is not a URL.', 'Give it as https://host:8800 (or http://localhost:8800 for a port-forward).');
  }
  if (url.username || url.password) throw new AppError('INVALID_INPUT', 'The admin console address must not contain a user name or password.', 'Give only https://host[:port].');
  if (url.protocol === 'https:') return new URL(url.origin);
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return new URL(url.origin);
    throw new AppError(
      'CONSOLE_INSECURE_URL',
      `Refusing plain http to ${url.host}: the console password and the client secret would cross the network unencrypted.`,
      'Use https://host:8800, or reach the console through kubectl (command line: --via kubectl).',
    );
  }
  throw new AppError('INVALID_INPUT', `The admin console address uses ${url.protocol}, not https.`, 'Give it as https://host:8800.');
}

/** The origin of the profile's stored address, if it has a usable one. */
export function storedOrigin(profile: Profile): string | undefined {
  try {
    return profile.console.url ? consoleOrigin(profile.console.url).origin : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a CA file as the small-file reader allows: a regular file of at most 1 MB holding a PEM certificate. */
export async function readCaFile(file: string): Promise<string> {
  let pem: string;
  try {
    pem = (await readSmallFile(file, MAX_CA_FILE_BYTES)).toString('utf8');
  } catch {
    throw new AppError('CONSOLE_TLS', `The CA file ${file} could not be read: it must be a regular file of at most 1 MB.`, 'Check the CA file’s path and permissions.');
  }
  if (!/-----BEGIN CERTIFICATE-----/.test(pem)) throw new AppError('CONSOLE_TLS', `The CA file ${file} holds no PEM certificate.`, 'Give the CA certificate in PEM form (-----BEGIN CERTIFICATE-----).');
  return pem;
}

function fingerprintOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const normalized = normalizeFingerprint(raw);
  if (!normalized) throw new AppError('INVALID_INPUT', 'The fingerprint to trust is not a SHA-256 fingerprint.', 'Copy it as shown, e.g. AB:CD:… (32 pairs).');
  return normalized;
}

/** The console itself answered: a certificate to decide on, or a refused login (not a network failure or a bug). */
function answered(error: unknown): boolean {
  if (error instanceof ConsoleTlsError) return true;
  return error instanceof AppError && (error.code === 'CONSOLE_AUTH' || error.code === 'CONSOLE_LOCKED' || error.code === 'PASSWORD_LOGIN_DISABLED');
}

export function notTheGivenCertificate(error: ConsoleTlsError): AppError {
  return new AppError('CONSOLE_TLS', `The console presented a certificate with SHA-256 ${error.fingerprint ?? 'unknown'}, not the fingerprint given to trust. Nothing was sent.`, 'Compare the fingerprints again; pin only the one the console itself shows.');
}

/** How a route that goes to the console's address signs in, once TLS is settled. */
export interface AddressSignIn {
  id: string;
  title: string;
  summary: string;
  /** The route's secret option and its "remember" switch. */
  secret: RouteOption;
  remember: RouteOption;
  /** Before any secret is looked for or asked: may refuse (the password route asks how the console signs in). */
  before?: (client: KotsClient, origin: string) => Promise<void>;
  signIn: (client: KotsClient, secret: string, origin: string) => Promise<void>;
}

/**
 * A route to the console's address (https, or http on loopback), with the trust rules every such route shares:
 * - an established console keeps its pin and CA unless the admin confirms a change (asked before anything is sent);
 * - a fingerprint typed to trust must be the certificate the console presents;
 * - the typed address of a console used for the first time is kept once the console answered.
 */
export function addressRoute(spec: AddressSignIn): ConsoleRoute {
  const via = spec.id === 'password' ? undefined : spec.id;
  return {
    id: spec.id,
    title: spec.title,
    summary: spec.summary,
    usesAddress: true,
    connecting: 'Connecting to the admin console…',
    options: [spec.secret, spec.remember],
    identity: (_values: RouteValues, url: string | undefined) => {
      if (!url) throw new AppError('INVALID_INPUT', 'This installation has no admin console address yet.', 'Add the console address to the installation (Installations → Edit; command line: --console https://host:8800), or reach it through kubectl.');
      return consoleOrigin(url).origin;
    },
    prepare: async (context: RouteContext) => {
      const { profile, target } = context;
      const origin = context.identity;
      const trust = fingerprintOf(target.trustFingerprint);
      const sameConsole = !context.moving && storedOrigin(profile) === origin;
      if (sameConsole && profile.console.establishedAt) await settleTrust(context, origin, trust);
      const certificateTrust: CertificateTrust = {};
      const pin = trust ?? (sameConsole ? profile.console.pinnedFingerprint : undefined);
      if (pin) certificateTrust.pinnedFingerprint = pin;
      const caFile = target.caFile ?? (sameConsole ? profile.console.caFile : undefined);
      if (caFile) certificateTrust.caPem = await context.readCaFile(caFile);
      const binding: ConsoleBinding = { origin, ...(pin ? { pinnedFingerprint: pin } : {}), ...(certificateTrust.caPem ? { caSha256: sha256(certificateTrust.caPem) } : {}), ...(via ? { via } : {}) };
      return {
        binding,
        connect: async () => {
          const transport = context.transport(certificateTrust);
          const client = context.client(origin, transport);
          let secret: string;
          try {
            await spec.before?.(client, origin);
            secret = await context.secret(spec.secret, binding);
            await spec.signIn(client, secret, origin);
          } catch (error) {
            transport.close();
            if (answered(error) && !context.moving) await context.state.keepFirstAddress(profile, origin);
            if (error instanceof ConsoleTlsError && trust !== undefined && error.kind === 'changed') throw notTheGivenCertificate(error);
            throw error;
          }
          return {
            client,
            close: async () => transport.close(),
            contact: { url: origin, ...(trust ? { pinnedFingerprint: trust } : {}), ...(target.caFile ? { caFile: target.caFile } : {}) },
            ...(context.values[spec.remember.name] === true && typeof context.values[spec.secret.name] === 'string' ? { remember: secret } : {}),
          };
        },
      };
    },
  };
}

/** Another pin or CA for an established console is the admin's decision, asked before anything is sent. */
async function settleTrust(context: RouteContext, origin: string, trust: string | undefined): Promise<void> {
  const { profile, target } = context;
  const about = { profileId: profile.id, profileLabel: profile.label };
  if (trust !== undefined && trust !== profile.console.pinnedFingerprint) {
    // Ask only about a certificate the console really presents: checked with a request that carries no secret.
    const transport = context.transport({ pinnedFingerprint: trust });
    try {
      await context.client(origin, transport).loginInfo();
    } catch (error) {
      if (error instanceof ConsoleTlsError && error.kind === 'changed') throw notTheGivenCertificate(error);
      throw error;
    } finally {
      transport.close();
    }
    await context.confirm({ kind: 'certificate', ...about, console: origin, ...(profile.console.pinnedFingerprint ? { pinned: profile.console.pinnedFingerprint } : {}), presented: trust });
  }
  if (target.caFile !== undefined && target.caFile !== profile.console.caFile) {
    await context.confirm({ kind: 'ca', ...about, console: origin, ...(profile.console.caFile ? { from: profile.console.caFile } : {}), to: target.caFile });
  }
}
