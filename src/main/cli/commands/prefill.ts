import { AppError } from '../../../shared/errors';
import { printable } from '../../../shared/printable';
import { originOf } from '../../../shared/origin';
import { hostnameSchema } from '../../../shared/profile';
import { orgSchema, signInAudienceSchema } from '../../../shared/registration';
import { trustedAnswer } from '../../registration/capture';
import { runInTrustedPageFrames } from '../../registration/chromium/frames';
import { openPage } from '../../registration/chromium/open-page';
import { pageScriptCall } from '../../registration/page-code';
import { ProviderRegistry } from '../../registration/providers';
import { callbackUrl } from '../../registration/providers/common';
import type { Provider } from '../../registration/providers/types';
import { prefillRequest } from '../../registration/requests';
import { EXIT, type CliCommand } from '../command';
import { chooseProvider, EXIT_INCOMPLETE, EXIT_UNTRUSTED, pageArgs, untrustedError } from './registration-common';

export const prefillCommand: CliCommand = {
  words: ['prefill'],
  summary: 'Fill a (saved) Azure register form with the app’s own prefill script and show what it did.',
  usage: `ads-setup prefill --html FILE --as-url URL --hostname H --org O [--trailing-slash] [--account-type AUDIENCE] [--json]
ads-setup prefill --url URL --hostname H --org O [--trailing-slash] [--account-type AUDIENCE] [--json]

Runs the app's prefill script in Chromium and prints what it did: each field it filled (label → value), each scope
box it ticked, each one the page had ticked already, each box next to them it unticked, the boxes elsewhere it left
as they were, and (Entra's New registration) the account type and the platform it chose, as the page words them.
Nothing is submitted. --account-type is the Entra app's account type in Graph's words: AzureADMultipleOrgs (the
default: it works whatever tenant path DeepSource uses) or AzureADMyOrg.

Exit codes: 0 every field, scope and choice was set, 2 something is missing or the page refuses new apps,
3 the page's origin is not trusted, 1 other failure.
`,
  options: {
    html: { type: 'string' },
    'as-url': { type: 'string' },
    url: { type: 'string' },
    hostname: { type: 'string' },
    org: { type: 'string' },
    'trailing-slash': { type: 'boolean' },
    'account-type': { type: 'string' },
    wait: { type: 'string' },
  },
  run: async ({ values }, { io }) => {
    const page = pageArgs(values);
    const hostname = hostnameSchema.safeParse(values['hostname']);
    if (!hostname.success) throw new AppError('BAD_REQUEST', '--hostname is missing or not a host name.', 'Give the DeepSource host name, e.g. --hostname deepsource.example.com.');
    const org = orgSchema.safeParse(values['org']);
    if (!org.success) throw new AppError('BAD_REQUEST', '--org is missing or not a plain name.', 'Give the organization name, e.g. --org Contoso.');
    // Without --provider: the provider with a register form whose origin the page is on.
    const hasForm = (candidate: Provider) => candidate.registerForm !== null;
    const { provider, trusted } = chooseProvider(values, page.target, hasForm);
    if (!provider || !trusted) {
      io.stdout(`${JSON.stringify({ error: untrustedError(page.target, provider, hasForm) })}\n`);
      return EXIT_UNTRUSTED;
    }
    const audience = signInAudienceSchema.safeParse(values['account-type'] ?? 'AzureADMultipleOrgs');
    if (!audience.success || (audience.data !== 'AzureADMyOrg' && audience.data !== 'AzureADMultipleOrgs')) {
      throw new AppError('BAD_REQUEST', '--account-type must be AzureADMultipleOrgs or AzureADMyOrg.', 'Leave it out for AzureADMultipleOrgs, which works whatever tenant path DeepSource sends users to.');
    }
    const callback = callbackUrl(hostname.data, values['trailing-slash'] === true);
    const request = prefillRequest(provider, { hostname: hostname.data, org: org.data, callback, audience: audience.data }, Math.min(Number(values['wait'] ?? 5000) || 0, 60_000));
    if (!request) {
      const withForms = new ProviderRegistry().all().filter(hasForm).map((p) => p.id);
      throw new AppError('BAD_REQUEST', `${provider.title} has no register form to fill.`, `Use --provider ${withForms.join(' or --provider ')}.`);
    }
    const opened = await openPage(page, io.env);
    try {
      const outcomes = await runInTrustedPageFrames(opened.page, pageScriptCall(request), provider.trustedOrigins);
      const answers = outcomes.map((o) => trustedAnswer(o, 'prefill')).filter((a) => a !== null);
      const answer = answers.find((a) => a.formFound) ?? answers[0];
      if (!answer) throw new AppError('INTERNAL', 'The prefill script did not answer.', 'Run again; if it keeps failing, report the page (not its secrets).');
      // Only a provider whose register page may refuse new apps reads a missing form as a refusal (Azure DevOps OAuth).
      const refused = answer.refusalText !== null || (!answer.formFound && request.refusalPhrases.length > 0);
      const result = {
        provider: provider.id,
        origin: originOf(page.target),
        formFound: answer.formFound,
        refused,
        refusalText: answer.refusalText,
        filled: answer.filled,
        ticked: answer.ticked,
        alreadyTicked: answer.alreadyTicked,
        unticked: answer.unticked,
        leftTicked: answer.leftTicked,
        chosen: answer.chosen,
        missingFields: answer.missingFields,
        missingScopes: answer.missingScopes,
        missingChoices: answer.missingChoices,
      };
      if (values.json === true) io.stdout(`${JSON.stringify(result)}\n`);
      else {
        const lines = [
          ...(refused ? [`The page takes no new apps${answer.refusalText ? `: "${printable(answer.refusalText)}"` : ' (no register form found)'}.`] : []),
          ...(!refused && !answer.formFound ? ['No register form was found on the page.'] : []),
          ...Object.entries(answer.filled).map(([label, value]) => `filled   ${printable(label)} → ${printable(value)}`),
          ...answer.missingFields.map((label) => `MISSING  ${printable(label)}`),
          ...answer.chosen.map(({ label, option }) => `chose    ${printable(label)} → ${printable(option)}`),
          ...answer.missingChoices.map((label) => `MISSING  choice ${printable(label)}`),
          ...answer.ticked.map((label) => `ticked   ${printable(label)}`),
          ...answer.alreadyTicked.map((label) => `already  ${printable(label)} (the page had it ticked)`),
          ...answer.unticked.map((label) => `unticked ${printable(label)}`),
          ...answer.leftTicked.map((label) => `left     ${printable(label)} (ticked by the page, not a scope: not touched)`),
          ...answer.missingScopes.map((label) => `MISSING  scope ${printable(label)}`),
        ];
        io.stdout(`${lines.join('\n')}\n`);
      }
      const incomplete = refused || !answer.formFound || answer.missingFields.length > 0 || answer.missingScopes.length > 0 || answer.missingChoices.length > 0;
      return incomplete ? EXIT_INCOMPLETE : EXIT.ok;
    } finally {
      await opened.close();
    }
  },
};
