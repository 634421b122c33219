import { randomUUID } from 'node:crypto';
import { printable } from '../../../shared/printable';
import type { SignInProbe } from '../../../shared/signin';
import { launchChromium } from '../../registration/chromium/launch';
import type { AudienceDecision } from '../../registration/providers/types';
import { SetupService } from '../../setup/setup-service';
import { ChromiumSignInBrowser } from '../../signin/chromium/signin-page';
import { DeepSourceProbe, probeView } from '../../signin/probe';
import { SignInService } from '../../signin/service';
import type { CliContext, ParsedArgs } from '../command';
import { openCliVault } from '../vault-context';

/**
 * Before the Azure work, as the window does it: DeepSource's login followed in a headless Chromium of its own up to
 * Azure's authorize address (never loaded), at most 10 seconds. The new app's account type (and the installation's
 * callback form) follow what it saw; where it could not look (no Chromium, no DeepSource yet), it says so on stderr
 * and the app is registered multitenant.
 */
export async function probeDeepSource(profileId: string, args: ParsedArgs, context: CliContext): Promise<{ decision: AudienceDecision; view: SignInProbe }> {
  const { vault } = openCliVault(args, context);
  const chromium = new ChromiumSignInBrowser((extraArgs) => launchChromium(context.io.env, extraArgs));
  try {
    const probe = new DeepSourceProbe({ signIn: new SignInService({ browser: chromium, vault, randomId: randomUUID }) });
    context.io.stderr('… Looking at where DeepSource’s login sends users (at most 10 s; nothing is sent to Azure)…\n');
    const { decision, probe: seen } = await new SetupService({ registration: undefined, vault, probe }).prepare(profileId);
    const view = probeView(seen, decision);
    const where = view.observed ? `followed to ${view.observed.authorityHost}${view.observed.tenant ? `/${view.observed.tenant}` : ''}` : 'not followed to Azure';
    context.io.stderr(`… DeepSource’s login: ${printable(where)}. Account type: ${decision.audience}. ${printable(decision.why)}\n`);
    return { decision, view };
  } finally {
    await chromium.dispose().catch(() => undefined);
  }
}
