import type { KotsApp, KotsGroup, KotsValidationErrors, VersionEntry } from './kots-types';

/** A re-rendered config and what the console's validation said about it (nothing saved). */
export interface LiveConfig {
  configGroups: KotsGroup[];
  validationErrors: KotsValidationErrors;
}

/**
 * What a KOTS admin console offers once a route has signed in (kots-client.ts speaks it over HTTP). Plan, save,
 * deploy and follow use only this, whichever route produced the session.
 */
export interface ConsoleApi {
  /** HTTP requests sent so far (reports count them). */
  readonly requestCount: number;
  readonly loggedIn: boolean;
  listApps(): Promise<KotsApp[]>;
  getApp(slug: string): Promise<KotsApp>;
  getConfig(slug: string, sequence: number): Promise<KotsGroup[]>;
  /** One page (of 20, newest first) of the version history. */
  listVersions(slug: string, page?: number): Promise<VersionEntry[]>;
  /** Re-renders and validates the config with edited values; saves nothing. */
  liveConfig(slug: string, sequence: number, configGroups: unknown[]): Promise<LiveConfig>;
  /** Saves; never retried. */
  putConfig(slug: string, sequence: number, configGroups: unknown[]): Promise<void>;
  /** Starts a deploy; never retried. */
  deploy(slug: string, sequence: number): Promise<void>;
}
