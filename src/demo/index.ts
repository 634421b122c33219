/**
 * The demo's entry, loaded by the composition root with `import()` only when the app starts with `--demo`: a
 * throwaway data folder and keychain service, the replica Azure site, the KOTS console double and DeepSource's front
 * door on 127.0.0.1, the demo profiles, and the services composed against them. Nothing here is in a normal run.
 */
import { composeServices, openStorage } from '../main/compose';
import type { Composed, ShellEnvironment } from '../main/shell/app';
import { KeytarSecretStore } from '../main/vault/keytar-store';
import { startDemoEnvironment } from './environment';
import { DEMO_KEYCHAIN_SERVICE, startDemoSession } from './session';

export async function composeDemo(environment: ShellEnvironment): Promise<Composed> {
  const secrets = new KeytarSecretStore({ service: DEMO_KEYCHAIN_SERVICE });
  const session = await startDemoSession(secrets);
  const storage = openStorage(session.dataDir, DEMO_KEYCHAIN_SERVICE, secrets);
  // `--demo --demo-identity-service`: the demo console takes no passwords (its authstring and kubectl still work).
  const demo = await startDemoEnvironment({ vault: storage.vault, identityService: environment.argv.includes('--demo-identity-service') }).catch(async (error: unknown) => {
    await session.dispose();
    throw error;
  });
  return composeServices(environment, storage, {
    demo: { password: demo.info.demoPassword, environment: demo.info.demoEnvironment },
    providers: demo.providers,
    registrationTrust: demo.registrationTrust,
    // The demo's login page is rendered by its server, so a short look is enough there.
    signIn: { proxy: demo.signIn.proxy, trust: demo.signIn.trust, timing: { lookMs: 2_000, retryMs: 2_000 } },
    // Every cloud's sign-in and Graph are the demo's double; its certificate is trusted by this run's requests only.
    entraGraph: { endpointsFor: demo.entra.endpointsFor, extraCaPem: demo.entra.certificatePem },
    dispose: async () => {
      await demo.stop();
      await session.dispose();
    },
  });
}
