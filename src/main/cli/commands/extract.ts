import { originOf } from '../../../shared/origin';
import { printable } from '../../../shared/printable';
import type { FrameOutcome } from '../../registration/browser';
import { emptyRead, evaluate, mergeExtraction, onePage } from '../../registration/capture';
import { runInTrustedPageFrames } from '../../registration/chromium/frames';
import { openPage } from '../../registration/chromium/open-page';
import { pageScriptCall } from '../../registration/page-code';
import { providers } from '../../registration/providers';
import { extractRequest } from '../../registration/requests';
import { maskSecret } from '../../secrets/mask';
import { EXIT, type CliCommand } from '../command';
import { chooseProvider, EXIT_INCOMPLETE, EXIT_UNTRUSTED, pageArgs, untrustedError } from './registration-common';

/** The largest of a timing figure over the frames that answered (one page script per frame). */
function pageTiming(outcomes: readonly FrameOutcome[], key: 'scanMs' | 'longestTaskMs'): number {
  return Math.max(0, ...outcomes.map((o) => (o.ok ? Number((o.value as Partial<Record<typeof key, number>>)[key] ?? 0) : 0)));
}

export const extractCommand: CliCommand = {
  words: ['extract'],
  summary: 'Read App ID, client secret and authorize URL from a (saved) Azure page, with the app’s own page script.',
  usage: `ads-setup extract --html FILE --as-url URL [--provider ${providers.map((p) => p.id).join('|')}] [--callback URL] [--reveal] [--wait MS]
ads-setup extract --url URL [--provider ${providers.map((p) => p.id).join('|')}] [--callback URL] [--reveal] [--wait MS]

Runs the same extraction script as the app in Chromium (ADS_SETUP_CHROMIUM or /usr/bin/chromium). With --html the
file is served as if it came from --as-url, so the trusted-origin rules apply. Prints JSON on stdout:
  { provider, origin, appId, tenantId?, authorizeUrl, clientSecret: { length, sha256, masked, value? }, checks }
The secret's value is printed only with --reveal. --callback is the callback DeepSource expects (compared with the
authorize URL's redirect_uri). --wait is how long to watch the page for values that appear late (default 5000).

The page's values must be one app's: a page showing several apps' IDs gives none of them (listed in "ambiguous").

Entra (the portal's app pages) adds what the page says of the app's settings, beside the values: signInAudience
(Graph's name: AzureADMyOrg, AzureADMultipleOrgs, AzureADandPersonalMicrosoftAccount, PersonalMicrosoftAccount;
from the Overview's or the Authentication page's account type), redirectUris (the Web platform's, from the
Authentication page, each exactly as shown), apiPermissions ([{ resource, scope, type: Delegated|Application,
consent: granted|not-granted }], from the API permissions page) and secretExpiresOn (YYYY-MM-DD, from the Client
secrets row of the secret whose Value is read, read in the page's own language; never moved by a time zone). A
setting the page does not show is null, never guessed; the settings it shows are checked (the callback among the
redirect URIs when --callback is given, the Azure DevOps delegated permissions, the account type).

Exit codes: 0 all values found and every check passed, 2 a value is missing or a check failed (each one is named on
stderr), 3 the page's origin is not trusted, 1 other failure.
`,
  options: {
    html: { type: 'string' },
    'as-url': { type: 'string' },
    url: { type: 'string' },
    provider: { type: 'string' },
    callback: { type: 'string' },
    reveal: { type: 'boolean' },
    wait: { type: 'string' },
  },
  run: async ({ values }, { io }) => {
    const page = pageArgs(values);
    const { provider, trusted } = chooseProvider(values, page.target);
    if (!provider || !trusted) {
      io.stdout(`${JSON.stringify({ error: untrustedError(page.target, provider) })}\n`);
      return EXIT_UNTRUSTED;
    }
    const waitMs = Math.min(Math.max(Number(values['wait'] ?? 5000) || 0, 0), 120_000);
    const callback = typeof values['callback'] === 'string' ? values['callback'] : undefined;
    const opened = await openPage(page, io.env);
    try {
      const started = performance.now();
      const outcomes = await runInTrustedPageFrames(opened.page, pageScriptCall(extractRequest(provider, waitMs)), provider.trustedOrigins);
      const evaluateMs = performance.now() - started;
      const read = emptyRead();
      const { ambiguous } = mergeExtraction(provider, outcomes, read, onePage(provider, opened.page.url()));
      const evaluation = evaluate(provider, read, callback);
      const secret = evaluation.values.clientSecret;
      const output = {
        provider: provider.id,
        origin: originOf(page.target),
        appId: evaluation.values.appId ?? null,
        ...(provider.fields.some((f) => f.key === 'tenantId') ? { tenantId: evaluation.values.tenantId ?? null } : {}),
        ...(provider.readBack
          ? {
              signInAudience: read.readBack.signInAudience ?? null,
              redirectUris: read.readBack.redirectUris ?? null,
              apiPermissions: read.readBack.apiPermissions ?? null,
              secretExpiresOn: read.readBack.secretExpiresOn ?? null,
            }
          : {}),
        authorizeUrl: evaluation.values.authorizeUrl ?? null,
        authorityHost: evaluation.authorityHost ?? null,
        clientSecret: secret === undefined ? null : { ...maskSecret(secret), ...(values['reveal'] === true ? { value: secret } : {}) },
        checks: evaluation.checks.map((check) => ({ id: check.id, ok: check.ok, message: check.message, ...(check.warning ? { warning: true } : {}), ...((!check.ok || check.warning) && check.fix ? { fix: check.fix } : {}) })),
        missing: evaluation.missing,
        ambiguous,
        rejected: Object.fromEntries(read.rejected),
        frames: outcomes.map((o) => ({ origin: o.origin, ok: o.ok })),
        // Inside Chromium: the last read's busy time (its slices) and the longest single task; then the whole call.
        timing: { scanMs: pageTiming(outcomes, 'scanMs'), longestTaskMs: pageTiming(outcomes, 'longestTaskMs'), evaluateMs: Math.round(evaluateMs * 10) / 10 },
        ...(callback === undefined ? { note: 'No --callback given: the redirect_uri check was skipped.' } : {}),
      };
      io.stdout(`${JSON.stringify(output, null, values.json === true ? undefined : 2)}\n`);
      const failed = evaluation.checks.filter((check) => !check.ok);
      for (const key of evaluation.missing) io.stderr(`extract: missing ${key}${ambiguous.includes(key) ? ' (the page shows more than one app’s value)' : ''}\n`);
      for (const check of failed) io.stderr(`extract: check failed: ${check.id}: ${printable(check.message)}${check.fix ? ` — ${printable(check.fix)}` : ''}\n`);
      return evaluation.missing.length === 0 && failed.length === 0 ? EXIT.ok : EXIT_INCOMPLETE;
    } finally {
      await opened.close();
    }
  },
};

