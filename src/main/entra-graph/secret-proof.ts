import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { SecretProof } from '../../shared/entra-graph';
import { AZURE_DEVOPS_RESOURCE_SCOPE } from '../registration/providers/entra/signin';
import { aadstsCode, explainProof } from './aadsts';
import type { HttpsClient } from './https-client';

/**
 * Proves that an App ID, its tenant and a client secret belong together: a client-credentials token request for
 * Azure DevOps (499b84ac-…/.default) to the tenant's own token endpoint, over verified TLS. A token back is the
 * proof; the token itself is dropped unread. A secret made minutes ago is retried for up to two minutes, since Entra
 * replicates new secrets (and new apps) with a delay and answers AADSTS7000215 / 700016 meanwhile.
 */

/** How long a just-made secret may take to replicate (reference: entra-graph.md). */
export const REPLICATION_WINDOW_MS = 2 * 60 * 1000;
/** The waits between attempts while it replicates (the last one repeats). */
const RETRY_WAITS_MS = [5_000, 10_000, 15_000, 20_000];
/** Codes that a secret or app still replicating is answered with. */
const REPLICATING = new Set([7000215, 700016, 7000229]);

const tokenErrorSchema = z.object({ error: z.string(), error_description: z.string().optional(), error_codes: z.array(z.number()).optional() });

function readTokenError(text: string): z.infer<typeof tokenErrorSchema> | null {
  try {
    return tokenErrorSchema.parse(JSON.parse(text));
  } catch {
    return null;
  }
}

export interface ProofRequest {
  /** The identity platform the secret goes to (https origin): the tenant's own cloud, or the endpoint the app was made with. */
  loginUrl: string;
  tenantId: string;
  appId: string;
  secret: string;
  /** When the secret was made: within the replication window, refusals are retried. */
  secretCreatedAt?: Date;
}

export interface SecretProverOptions {
  http: HttpsClient;
  now?: () => Date;
  /** Waits between attempts (tests resolve it on their own clock). */
  wait?: (ms: number) => Promise<void>;
  /** Told each attempt's outcome while it waits for replication. */
  onWaiting?: (proof: SecretProof) => void;
}

export class SecretProver {
  readonly #http: HttpsClient;
  readonly #now: () => Date;
  readonly #wait: (ms: number) => Promise<void>;
  readonly #onWaiting: (proof: SecretProof) => void;

  constructor(options: SecretProverOptions) {
    this.#http = options.http;
    this.#now = options.now ?? (() => new Date());
    this.#wait = options.wait ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#onWaiting = options.onWaiting ?? (() => undefined);
  }

  async prove(request: ProofRequest): Promise<SecretProof> {
    const tokenEndpoint = `${request.loginUrl}/${encodeURIComponent(request.tenantId)}/oauth2/v2.0/token`;
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: request.appId, client_secret: request.secret, scope: AZURE_DEVOPS_RESOURCE_SCOPE }).toString();
    const deadline = request.secretCreatedAt ? request.secretCreatedAt.getTime() + REPLICATION_WINDOW_MS : 0;
    for (let attempt = 1; ; attempt++) {
      const answer = await this.#http.send({ method: 'POST', url: tokenEndpoint, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body });
      if (answer.status === 200) {
        return { status: 'proven', message: `Microsoft Entra issued a token for Azure DevOps to app ${request.appId} with this client secret: App ID, tenant and secret belong together.`, aadsts: null, attempts: attempt, tokenEndpoint };
      }
      const parsed = readTokenError(answer.text);
      if (!parsed) throw new AppError('ENTRA_UNREACHABLE', `${new URL(tokenEndpoint).host} did not answer as Microsoft’s token endpoint does (HTTP ${answer.status}).`, 'Check the sign-in address (a proxy may have answered instead).');
      const code = parsed.error_codes?.[0] ?? aadstsCode(parsed.error_description);
      const explained = explainProof(code, request);
      const refusal: SecretProof = {
        status: 'failed',
        message: explained?.message ?? `Microsoft Entra refused the token request (${parsed.error}${code ? `, AADSTS${code}` : ''}).`,
        ...(explained ? { fix: explained.remedy } : { fix: 'Check the App ID, the tenant and the secret, then prove again.' }),
        aadsts: code,
        attempts: attempt,
        tokenEndpoint,
      };
      const left = deadline - this.#now().getTime();
      if (code === null || !REPLICATING.has(code) || left <= 0) return refusal;
      const waitMs = Math.min(RETRY_WAITS_MS[Math.min(attempt - 1, RETRY_WAITS_MS.length - 1)]!, left);
      this.#onWaiting({ status: 'waiting', message: `Entra does not know the new secret yet (AADSTS${code}): new secrets take up to two minutes to reach every sign-in server. Trying again in ${Math.ceil(waitMs / 1000)} s…`, aadsts: code, attempts: attempt, tokenEndpoint });
      await this.#wait(waitMs);
    }
  }
}
