import { AppError } from '../../../shared/errors';
import { printable } from '../../../shared/printable';
import { originOf } from '../../../shared/origin';
import { hostnameSchema } from '../../../shared/profile';
import { orgSchema } from '../../../shared/registration';
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
  summary: 'Fill a (saved) Azure DevOps register form with the app’s own prefill script and show what it did.',
  usage: `ads-setup prefill --html FILE --as-url URL --hostname H --org O [--trailing-slash] [--json]
ads-setup prefill --url URL --hostname H --org O [--trailing-slash] [--json]

Runs the app's prefill script in Chromium and prints each field it filled (label → value) and the labels of the
checkboxes that ended up ticked. Nothing is submitted.

Exit codes: 0 every field and the three scopes were set, 2 something is missing or the page refuses new apps,
3 the page's origin is not trusted, 1 other failure.
`,
  options: {
    html: { type: 'string' },
    'as-url': { type: 'string' },
    url: { type: 'string' },
    hostname: { type: 'string' },
    org: { type: 'string' },
    'trailing-slash': { type: 'boolean' },
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
    const callback = callbackUrl(hostname.data, values['trailing-slash'] === true);
    const request = prefillRequest(provider, { hostname: hostname.data, org: org.data, callback }, Math.min(Number(values['wait'] ?? 5000) || 0, 60_000));
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
      const refused = !answer.formFound || answer.refusalText !== null;
      const result = {
        provider: provider.id,
        origin: originOf(page.target),
        formFound: answer.formFound,
        refused,
        refusalText: answer.refusalText,
        filled: answer.filled,
        ticked: answer.ticked,
        unticked: answer.unticked,
        missingFields: answer.missingFields,
        missingScopes: answer.missingScopes,
      };
      if (values.json === true) io.stdout(`${JSON.stringify(result)}\n`);
      else {
        const lines = [
          ...(refused ? [`The page takes no new apps${answer.refusalText ? `: "${printable(answer.refusalText)}"` : ' (no register form found)'}.`] : []),
          ...Object.entries(answer.filled).map(([label, value]) => `filled  ${printable(label)} → ${printable(value)}`),
          ...answer.missingFields.map((label) => `MISSING ${printable(label)}`),
          ...answer.ticked.map((label) => `ticked  ${printable(label)}`),
          ...answer.unticked.map((label) => `unticked ${printable(label)}`),
          ...answer.missingScopes.map((label) => `MISSING scope ${printable(label)}`),
        ];
        io.stdout(`${lines.join('\n')}\n`);
      }
      return refused || answer.missingFields.length > 0 || answer.missingScopes.length > 0 ? EXIT_INCOMPLETE : EXIT.ok;
    } finally {
      await opened.close();
    }
  },
};
