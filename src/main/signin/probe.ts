import type { Profile } from '../../shared/profile';
import type { SignInObserved, SignInProbe } from '../../shared/signin';
import { callbackFormOf, decideAudience, UNPROBED_AUDIENCE } from '../registration/audience';
import type { AudienceDecision } from '../registration/providers/types';
import type { SignInService } from './service';

/** What the probe saw of DeepSource's sign-in, and what it means for the registration. */
export interface ProbeResult {
  observed: SignInObserved | null;
  decision: AudienceDecision;
  /** The callback form DeepSource sends (true: with the trailing slash), when it names this installation's callback. */
  callbackTrailingSlash: boolean | null;
}

/** How long the probe may look at DeepSource's login before the registration goes on without it. */
export const PROBE_LIMIT_MS = 10_000;
/** A look is reused this long (the wizard starts it when the installation is made, the registration uses it). */
const REUSE_MS = 10 * 60_000;

/**
 * Before the Azure work, a look at where this installation's DeepSource sends users (a rotation, a migration, a
 * reinstall: DeepSource may already offer Azure DevOps sign-in): the redirect check's own machinery, stopped at Azure's
 * authorize address (never loaded) and given up after 10 seconds. Its result decides the app's account type and
 * callback form; without one (no DeepSource yet, not reachable, no browser here) the app is registered multitenant.
 */
export class DeepSourceProbe {
  readonly #signIn: SignInService | undefined;
  readonly #limitMs: number;
  readonly #running = new Map<string, { hostname: string; at: number; result: Promise<ProbeResult> }>();

  constructor(options: { signIn: SignInService | undefined; limitMs?: number }) {
    this.#signIn = options.signIn;
    this.#limitMs = options.limitMs ?? PROBE_LIMIT_MS;
  }

  /**
   * Starts the look (once per installation: a look of the last ten minutes at the same host is reused); resolves
   * within the limit, whatever DeepSource does.
   */
  look(profile: Profile, now = Date.now()): Promise<ProbeResult> {
    const known = this.#running.get(profile.id);
    if (known && known.hostname === profile.hostname && now - known.at < REUSE_MS) return known.result;
    const result = this.#look(profile);
    this.#running.set(profile.id, { hostname: profile.hostname, at: now, result });
    return result;
  }

  async #look(profile: Profile): Promise<ProbeResult> {
    const none = (reason: string): ProbeResult => ({ observed: null, decision: decideAudience(null, reason), callbackTrailingSlash: null });
    const signIn = this.#signIn;
    if (!signIn) return { observed: null, decision: UNPROBED_AUDIENCE, callbackTrailingSlash: null };
    let runId: string | undefined;
    let gaveUp = false;
    // Ended without waiting: closing a page that still loads takes its own time, and registration goes on now.
    const end = () => void (runId ? signIn.end(runId).catch(() => undefined) : undefined);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<'limit'>((resolve) => (timer = setTimeout(() => resolve('limit'), this.#limitMs)));
    // The limit covers everything: opening the login page (which may hang) as much as following it.
    const attempt = (async () => {
      const started = await signIn.start({ profileId: profile.id }, { probe: true });
      runId = started.runId;
      if (gaveUp) end();
      return signIn.finished(runId);
    })();
    try {
      const state = await Promise.race([attempt, limit]);
      if (state === 'limit') {
        gaveUp = true;
        attempt.catch(() => undefined);
        return none(`it did not lead to Azure within ${Math.round(this.#limitMs / 1000)} s`);
      }
      if (!state.observed) return none((state.error?.message ?? 'it did not lead to Azure').replace(/\.$/, '').slice(0, 160));
      return { observed: state.observed, decision: decideAudience(state.observed, ''), callbackTrailingSlash: callbackFormOf(state.observed, profile.hostname) };
    } catch {
      return none('its browser could not be started');
    } finally {
      clearTimeout(timer);
      end();
    }
  }
}

/** What the window and the CLI are told: what was seen (or why nothing was) and the account type that follows. */
export function probeView(result: ProbeResult | null, decision: AudienceDecision): SignInProbe {
  return {
    looked: result?.observed != null,
    observed: result?.observed ?? null,
    audience: decision.audience,
    tenantPath: decision.tenantPath,
    why: decision.why,
    callbackTrailingSlash: result?.callbackTrailingSlash ?? null,
  };
}
