import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { AppError } from '../../../shared/errors';
import { printable } from '../../../shared/printable';
import type { SignInState } from '../../../shared/signin';
import { hasDisplay, launchChromium } from '../../registration/chromium/launch';
import { ChromiumSignInBrowser } from '../../signin/chromium/signin-page';
import { SignInService } from '../../signin/service';
import { normalizeFingerprint } from '../../console/transport';
import { EXIT, writeError, type CliCommand } from '../command';
import { INTERRUPT_EXIT, type InterruptSignal } from '../io';
import { openCliVault } from '../vault-context';
import { GRAPH_CHECK_OPTIONS, graphRegistrationCheck } from './entra-graph';

const EXIT_TLS = 4;
const EXIT_MISMATCH = 7;
/** --round-trip needs a window the admin signs in in, and there is no display to show one. */
const EXIT_NO_DISPLAY = 8;

async function readCaFile(file: string): Promise<string> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile() || info.size > 1024 * 1024) throw new AppError('INVALID_INPUT', `${file} is not a certificate file (a regular file of at most 1 MB).`, 'Give the PEM file of the CA that issued DeepSource’s certificate.');
  const pem = await readFile(file, 'utf8');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new AppError('INVALID_INPUT', `${file} holds no PEM certificate.`, 'Give the CA certificate in PEM form (-----BEGIN CERTIFICATE-----).');
  return pem;
}

/** Everything the page sent (the URL, its values, the messages quoting them) is shown inert. */
function printHuman(state: SignInState, write: (text: string) => void): void {
  write(`${printable(state.status)}\n`);
  if (state.observed) {
    const { authorizeUrl, clientId, redirectUri, authorityHost, tenant } = state.observed;
    write(`  authorize URL: ${printable(authorizeUrl)}\n`);
    write(`  client_id:     ${printable(clientId ?? '(none)')}\n  redirect_uri:  ${printable(redirectUri ?? '(none)')}\n  authority:     ${printable(`${authorityHost}${tenant ? `/${tenant}` : ''}`)}\n`);
  }
  for (const check of state.checks) write(`  ${check.ok ? (check.warning ? '⚠' : '✓') : '✗'} ${printable(check.message)}${(!check.ok || check.warning) && check.fix ? `\n      fix: ${printable(check.fix)}` : ''}\n`);
  const trip = state.roundTrip;
  if (trip) {
    if (trip.azure) write(`  Azure: ${printable(trip.azure.shown)}\n`);
    write(`  back at DeepSource's callback: ${trip.returned === 'code' ? 'with a code (not kept)' : trip.returned === 'error' ? 'with an error' : 'not reached'}\n`);
    if (trip.answer) write(`  DeepSource answered: ${trip.answer.kind === 'signed-in' ? 'a signed-in page' : trip.answer.kind === 'login-page' ? 'its login page again' : 'an error'}${trip.answer.title ? ` (“${printable(trip.answer.title)}”)` : ''}\n`);
  }
  if (state.error?.remedy) write(`  remedy: ${printable(state.error.remedy)}\n`);
}

export const signinCheckCommand: CliCommand = {
  words: ['signin-check'],
  summary: 'Follow DeepSource’s login to Azure’s authorize URL (never loaded) and compare it; or sign in through Azure.',
  usage: `ads-setup signin-check --profile ID [--url URL] [--trust-fingerprint FP | --ca-file PEM] [--wait SECONDS] [--json]
ads-setup signin-check --profile ID --round-trip [--url URL] [--trust-fingerprint FP | --ca-file PEM] [--wait SECONDS] [--json]
ads-setup signin-check --profile ID --graph [--login-url URL --graph-url URL] [--tenant ID] [--json]

Opens DeepSource's login page (https://HOSTNAME/login, or --url) in Chromium (ADS_SETUP_CHROMIUM or
/usr/bin/chromium), clicks its Azure DevOps entry, follows the redirects and stops at the navigation to Azure's
authorize endpoint without loading it: no request is ever sent to Azure. Then compares client_id (the App ID),
redirect_uri (exactly, trailing slash included), the authority and the scopes with the profile.
--wait keeps trying for that long while DeepSource restarts after a deploy (default 0: one look; at most 1800).
Plain http is allowed for loopback only. --trust-fingerprint accepts exactly that certificate for the login host:
every connection that carries a page is judged, by the check's own proxy in front of Chromium. Any address of
Azure's sign-in (app.vssps.visualstudio.com, login.microsoftonline.com and the other Microsoft sign-in hosts), in
whatever form, is stopped before a connection is made. A run ends at the latest 60 s after --wait; SIGINT or
SIGTERM closes its Chromium and exits 130 or 143.

--json prints { mode, authorizeUrl, authorityHost, clientId, redirectUri, scope, verdict, attempts, checks: [{ id,
ok, message, fix }] } (and roundTrip with --round-trip).

--round-trip signs you in to DeepSource through Azure: the same steps, but Azure's sign-in is loaded in a Chromium
window of its own, where you sign in; the check watches the navigation, reads and explains Azure's error page (its
AADSTS code) or what Azure sends back to DeepSource's callback, then DeepSource's answer: a signed-in page, its login
page again, or its error. The code Azure returns and any token are never kept; the window's profile is thrown away.
Only a signed-in page passes. It needs a display (on Linux DISPLAY or WAYLAND_DISPLAY, e.g. under xvfb-run or
ssh -X); without one it exits 8 at once. It waits up to 10 minutes (plus --wait) for you to sign in.

--graph (Entra only, opt-in: without it nothing is sent to Microsoft) signs you in through your browser and reads the
app registration back from Microsoft Graph instead: the redirect URI equals the profile's callback exactly, the three
Azure DevOps permissions are there (and consent, where granted), the service principal exists, and the stored secret's
key is on the registration and not expired. --json prints { registration, checks }.

Exit codes: 0 every check passes (--round-trip: signed in), 7 DeepSource sends different values (or sends users to an
address of Azure's sign-in that is not its authorize endpoint; --round-trip: Azure or DeepSource refused the
sign-in; with --graph: a check failed), 4 TLS (certificate not trusted), 8 --round-trip without a display, 1
otherwise, 130/143 interrupted.
`,
  options: {
    profile: { type: 'string' },
    url: { type: 'string' },
    'trust-fingerprint': { type: 'string' },
    'ca-file': { type: 'string' },
    wait: { type: 'string' },
    'round-trip': { type: 'boolean' },
    ...GRAPH_CHECK_OPTIONS,
  },
  run: async (args, context) => {
    const { values } = args;
    if (values['graph']) return graphRegistrationCheck(args, context);
    const { io } = context;
    const profileId = values['profile'];
    if (typeof profileId !== 'string') throw new AppError('INVALID_INPUT', 'No profile given.', 'Pass --profile ID (see `ads-setup profile list`).');
    const waitSeconds = values['wait'] === undefined ? 0 : Number(values['wait']);
    if (!Number.isInteger(waitSeconds) || waitSeconds < 0 || waitSeconds > 1800) throw new AppError('INVALID_INPUT', '--wait must be a whole number of seconds from 0 to 1800.', 'For example --wait 300 after a deploy.');
    const rawFingerprint = values['trust-fingerprint'];
    const trustFingerprint = typeof rawFingerprint === 'string' ? normalizeFingerprint(rawFingerprint) : undefined;
    if (trustFingerprint === null) throw new AppError('INVALID_INPUT', '--trust-fingerprint is not a SHA-256 fingerprint.', 'Give the 64 hex digits (colons optional), as the refusal printed them.');
    const caPem = typeof values['ca-file'] === 'string' ? await readCaFile(values['ca-file']) : undefined;
    const roundTrip = values['round-trip'] === true;
    if (roundTrip && !hasDisplay(io.env)) {
      writeError(io, new AppError('BROWSER_UNAVAILABLE', 'The round trip needs a window you sign in in, and there is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set). Nothing was opened.', 'Run it on a desktop, over ssh -X, or under xvfb-run with a way to see the window; the redirect check (without --round-trip) needs no display.').toShape(), values.json === true);
      return EXIT_NO_DISPLAY;
    }
    const { vault } = openCliVault(args, context);
    const chromium = new ChromiumSignInBrowser(async (extraArgs) => {
      try {
        return await launchChromium(io.env, extraArgs, { headed: roundTrip });
      } catch {
        throw new AppError('BROWSER_UNAVAILABLE', 'Chromium could not be started.', 'Install Chromium (Debian: apt-get install chromium) or point ADS_SETUP_CHROMIUM at a Chromium binary.');
      }
    });
    const signIn = new SignInService({ browser: chromium, vault, randomId: randomUUID });
    let runId: string | undefined;
    let progress: ReturnType<typeof setInterval> | undefined;
    const checked = (async () => {
      const started = await signIn.start(
        { profileId, waitSeconds, ...(roundTrip ? { mode: 'round-trip' as const } : {}), ...(typeof values['url'] === 'string' ? { url: values['url'] } : {}), ...(trustFingerprint ? { trustFingerprint } : {}) },
        caPem ? { caPem } : {},
      );
      runId = started.runId;
      let last = '';
      if (!values.json) {
        progress = setInterval(() => {
          const status = signIn.state(started.runId).status;
          if (status !== last) io.stderr(`… ${printable((last = status))}\n`);
        }, 500);
      }
      return signIn.finished(started.runId);
    })();
    // SIGINT/SIGTERM end the check: its Chromium is closed, then the process exits with the signal's code.
    let interrupt: (signal: InterruptSignal) => void = () => undefined;
    const interrupted = new Promise<InterruptSignal>((resolve) => (interrupt = resolve));
    const stopListening = io.onInterrupt?.((signal) => interrupt(signal)) ?? (() => undefined);
    try {
      const outcome = await Promise.race([checked.then((state) => ({ state })), interrupted.then((signal) => ({ signal }))]);
      if ('signal' in outcome) {
        checked.catch(() => undefined);
        writeError(io, new AppError('CANCELLED', `Stopped by ${outcome.signal}; the check's browser was closed and nothing was compared.`, 'Run the check again when ready.').toShape(), values.json === true);
        return INTERRUPT_EXIT[outcome.signal];
      }
      const { state } = outcome;
      if (values.json) {
        const observed = state.observed;
        io.stdout(
          `${JSON.stringify({
            mode: state.mode,
            authorizeUrl: observed?.authorizeUrl ?? null,
            authorityHost: observed?.authorityHost ?? null,
            clientId: observed?.clientId ?? null,
            redirectUri: observed?.redirectUri ?? null,
            scope: observed?.scope ?? null,
            verdict: state.verdict,
            attempts: state.attempts,
            checks: state.checks.map(({ id, ok, message, fix }) => ({ id, ok, message, ...(fix && !ok ? { fix } : {}) })),
            ...(state.roundTrip ? { roundTrip: state.roundTrip } : {}),
            ...(state.certificate ? { certificate: state.certificate } : {}),
            ...(state.error ? { error: state.error } : {}),
          })}\n`,
        );
      } else {
        printHuman(state, (text) => (state.verdict === 'passed' ? io.stdout(text) : io.stderr(text)));
      }
      return state.verdict === 'passed' ? EXIT.ok : state.verdict === 'mismatch' ? EXIT_MISMATCH : state.verdict === 'tls' ? EXIT_TLS : EXIT.failed;
    } finally {
      stopListening();
      clearInterval(progress);
      if (runId !== undefined) await signIn.end(runId).catch(() => undefined);
      await chromium.dispose();
    }
  },
};
