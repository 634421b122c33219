import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { SignInProbe } from '../../../shared/signin';
import { entraClouds, graphRunOptionsSchema, SECRET_DAYS, type AzureRegistration, type GraphRunOptions, type GraphRunState, type SecretProof } from '../../../shared/entra-graph';
import { nodeHttpsClient } from '../../entra-graph/https-client';
import { EntraGraphService, type RunOverrides } from '../../entra-graph/service';
import { parseInput } from '../../validation';
import { EXIT, profileFlag, type CliCommand, type CliContext, type ParsedArgs } from '../command';
import { cliSystemBrowser } from '../system-browser';
import { openCliVault } from '../vault-context';
import { probeDeepSource } from './probe';

/** The Graph route's exit codes (documented in each usage text). */
export const GRAPH_EXIT = { exists: 2, incomplete: 3, refused: 5, notProven: 6 } as const;

const ENDPOINT_OPTIONS = { 'login-url': { type: 'string' }, 'graph-url': { type: 'string' }, tenant: { type: 'string' } } as const;
const ENDPOINT_USAGE = `  --login-url URL --graph-url URL   Send the requests there instead (a private endpoint, a test double); the scopes and
                                    the token audience still follow --cloud. Extra CAs: NODE_EXTRA_CA_CERTS=file.pem.
  --tenant ID                       Sign in to that tenant (default: your account's home tenant).`;

function requireGraph(args: ParsedArgs): void {
  if (args.values['via'] !== 'graph') throw new AppError('INVALID_INPUT', 'Give --via graph: on the command line the app is made through Microsoft Graph.', 'The Azure portal route runs in the desktop app (Set up → Register in Azure → Use the Azure portal instead).');
}

function overridesOf(args: ParsedArgs): RunOverrides {
  const pick = (name: string) => (typeof args.values[name] === 'string' ? (args.values[name] as string) : undefined);
  const loginUrl = pick('login-url');
  const graphUrl = pick('graph-url');
  const tenant = pick('tenant');
  return { ...(loginUrl ? { loginUrl } : {}), ...(graphUrl ? { graphUrl } : {}), ...(tenant ? { tenant } : {}) };
}

function runOptionsOf(args: ParsedArgs): GraphRunOptions {
  const days = args.values['secret-days'];
  const cloud = args.values['cloud'] ?? 'public';
  if (typeof cloud !== 'string' || !(entraClouds as readonly string[]).includes(cloud)) throw new AppError('INVALID_INPUT', `--cloud must be ${entraClouds.join(', ')}.`, 'public is Azure global.');
  return parseInput(graphRunOptionsSchema, {
    cloud,
    secretDays: days === undefined ? SECRET_DAYS.default : Number(days),
    grantConsent: args.values['grant-consent'] === true,
    ...(typeof args.values['client-id'] === 'string' ? { clientId: args.values['client-id'] } : {}),
  }, `the Graph options (--secret-days ${SECRET_DAYS.min}–${SECRET_DAYS.max}, --client-id a GUID)`);
}

/** The service on this CLI run's vault, opening the sign-in with $BROWSER or the OS opener; progress on stderr. */
function graphService(args: ParsedArgs, context: CliContext): EntraGraphService {
  const { vault } = openCliVault(args, context);
  return new EntraGraphService({ vault, http: nodeHttpsClient(), browser: cliSystemBrowser(context.io.env, context.io.stderr), randomId: randomUUID });
}

/** Awaits a run, printing each new status line on stderr. */
async function follow(service: EntraGraphService, runId: string, context: CliContext): Promise<GraphRunState> {
  let last = '';
  const stop = service.watch(runId, ({ status }) => {
    if (status !== last) context.io.stderr(`… ${(last = status)}\n`);
  });
  try {
    return await service.finished(runId);
  } finally {
    stop();
  }
}

function describeExisting(found: AzureRegistration): string {
  return `“${found.displayName}” (App ID ${found.appId}, object ID ${found.objectId}): service principal ${found.servicePrincipal ? 'yes' : 'no'}, Azure DevOps permissions ${found.permissions ? 'yes' : 'no'}, tenant-wide consent ${found.consent ? 'yes' : 'no'}, client secrets ${found.passwords}${found.missing.length ? `; missing: ${found.missing.join(', ')}` : ''}`;
}

function printProof(proof: SecretProof | null, write: (text: string) => void): void {
  if (!proof) return;
  write(`${proof.status === 'proven' ? '✓' : '✗'} secret proof: ${proof.message}${proof.fix && proof.status !== 'proven' ? `\n    fix: ${proof.fix}` : ''}\n`);
}

/** One JSON document (stdout) or lines; the exit code from where the run stopped. */
function report(state: GraphRunState, args: ParsedArgs, context: CliContext, probe?: SignInProbe): number {
  const { io } = context;
  const proven = state.proof?.status === 'proven' && state.checks.every((c) => c.ok);
  const code = state.phase === 'done' ? (proven ? EXIT.ok : GRAPH_EXIT.notProven) : state.phase === 'deleted' ? EXIT.ok : state.phase === 'needs-decision' ? GRAPH_EXIT.exists : state.incomplete ? GRAPH_EXIT.incomplete : state.error?.code === 'GRAPH_REFUSED' || state.error?.code === 'ENTRA_SIGNIN' || state.phase === 'cancelled' ? GRAPH_EXIT.refused : EXIT.failed;
  const flagsRemedy = 'Run again with --reuse-existing to finish it (a new client secret is added), or with --delete-incomplete to delete it from Azure.';
  if (args.values.json) {
    const result = state.result;
    io.stdout(
      `${JSON.stringify({
        phase: state.phase,
        ...(result ? { appId: result.appId, tenantId: result.tenantId, objectId: result.objectId, displayName: result.displayName, redirectUris: result.redirectUris, scopes: result.scopes, reused: result.reused, secret: result.secret } : {}),
        ...(probe ? { probe } : {}),
        checks: state.checks,
        proof: state.proof,
        calls: state.calls,
        ...(state.existing ? { existing: state.existing } : {}),
        ...(state.incomplete ? { incomplete: state.incomplete } : {}),
        ...(state.error ? { error: { ...state.error, ...(state.incomplete ? { remedy: `${state.error.remedy ? `${state.error.remedy} ` : ''}${flagsRemedy}` } : {}) } } : {}),
      })}\n`,
    );
    return code;
  }
  const write = code === EXIT.ok ? io.stdout : io.stderr;
  if (state.result) {
    const r = state.result;
    io.stdout(`${r.reused ? 'Reused' : 'Created'} “${r.displayName}” and stored its client secret in the OS keychain.\n  App ID:       ${r.appId}\n  tenant ID:    ${r.tenantId}\n  object ID:    ${r.objectId}\n  redirect URI: ${r.redirectUris.join(', ')}\n  permissions:  Azure DevOps ${r.scopes.join(', ')}\n  secret:       hint ${r.secret.hint}…, key ${r.secret.keyId}, expires ${r.secret.expiresOn.slice(0, 10)}\n`);
    for (const check of state.checks) io.stdout(`${check.ok ? '✓' : '✗'} ${check.message}${!check.ok && check.fix ? `\n    fix: ${check.fix}` : ''}\n`);
    printProof(state.proof, io.stdout);
  } else if (state.phase === 'needs-decision' && state.existing) {
    io.stderr(`A registration with this name and callback is already in Azure: ${describeExisting(state.existing)}.\n  remedy: Reuse it with --reuse-existing (a new client secret is added to it)${state.existing.missing.length ? ', or delete it with --delete-incomplete' : ''}.\n`);
  } else if (state.phase === 'deleted') {
    io.stdout(`${state.status}\nRun \`ads-setup register\` again to create a new one.\n`);
  } else if (state.error) {
    write(`error: ${state.error.message}\n`);
    if (state.incomplete) write(`  in Azure: ${describeExisting(state.incomplete)}\n`);
    if (state.error.remedy) write(`  remedy: ${state.error.remedy}\n`);
    if (state.incomplete) write(`  then: ${flagsRemedy}\n`);
  } else if (state.phase === 'cancelled') write(`${state.status}\n`);
  return code;
}

export const registerCommand: CliCommand = {
  words: ['register'],
  summary: 'Create the installation’s Entra app through Microsoft Graph: one sign-in, exact values, a proven secret.',
  usage: `ads-setup register --profile ID --via graph [--cloud public|usgov|china] [--client-id ID] [--secret-days N]
       [--grant-consent] [--reuse-existing | --delete-incomplete] [--login-url URL --graph-url URL] [--tenant ID] [--json]

Opens Microsoft's sign-in in your browser ($BROWSER, else the system's default) for one sign-in (and consent, where
your tenant asks), then through Microsoft Graph: reads Azure DevOps' permission ids from your tenant (adding Azure
DevOps to it when missing), creates the app registration "DeepSource ORGANIZATION" with the profile's callback as its
one redirect URI and the delegated Azure DevOps permissions vso.code_write, vso.code_status and vso.project, its
service principal, and a client secret that goes straight to the OS keychain (never printed). Then reads the
registration back, checks it and proves the secret with a client-credentials token request to your tenant.

  --cloud C            Azure global (public, default), usgov or china: sets the sign-in and Graph hosts.
  --client-id ID       Sign in through your tenant's own public client (default: Microsoft Graph Command Line Tools,
                       14d82eec-204b-4c2f-b7e8-296a70dab67e). It must allow http://localhost (Mobile and desktop apps).
  --secret-days N      The client secret's lifetime, ${SECRET_DAYS.min}–${SECRET_DAYS.max} days (default ${SECRET_DAYS.default}).
  --grant-consent      Grant tenant-wide consent for the three Azure DevOps permissions (asks for
                       DelegatedPermissionGrant.ReadWrite.All as well).
  --reuse-existing     A registration with this name and callback exists: add a new secret to it (and finish what it lacks).
  --delete-incomplete  An unfinished one exists: delete it from Azure (then run again).
${ENDPOINT_USAGE}

With --json, stdout holds exactly one JSON document: { phase, appId, tenantId, objectId, displayName, redirectUris,
scopes, reused, secret: { hint, keyId, expiresOn }, probe, checks, proof, calls, existing?, incomplete?, error? } —
never the secret. probe: where DeepSource's login sent a headless Chromium before the Azure work (at most 10 s,
nothing sent to Azure) and the account type that follows ({ looked, observed, audience, tenantPath, why,
callbackTrailingSlash }); where it could not look, the app is registered multitenant (AzureADMultipleOrgs). Progress goes to stderr.

Exit codes: 0 created (or reused) and proven, or deleted; 2 a registration with this name and callback exists (choose
with a flag); 3 stopped half-way (what exists in Azure is printed; finish or delete it); 5 refused by Entra or Graph
(or cancelled); 6 stored, but a check or the secret proof failed; 1 otherwise.
`,
  options: {
    profile: { type: 'string' },
    via: { type: 'string' },
    cloud: { type: 'string' },
    'client-id': { type: 'string' },
    'secret-days': { type: 'string' },
    'grant-consent': { type: 'boolean' },
    'reuse-existing': { type: 'boolean' },
    'delete-incomplete': { type: 'boolean' },
    ...ENDPOINT_OPTIONS,
  },
  run: async (args, context) => {
    requireGraph(args);
    const profileId = profileFlag(args);
    const options = runOptionsOf(args);
    const reuse = args.values['reuse-existing'] === true;
    const remove = args.values['delete-incomplete'] === true;
    if (reuse && remove) throw new AppError('INVALID_INPUT', 'Give --reuse-existing or --delete-incomplete, not both.', 'See --help.');
    const { decision, view: probe } = await probeDeepSource(profileId, args, context);
    const service = graphService(args, context);
    const started = await service.start(profileId, 'new', options, { ...overridesOf(args), audience: decision });
    let state = await follow(service, started.runId, context);
    if (state.phase === 'needs-decision' && state.existing) {
      const incomplete = state.existing.missing.length > 0;
      if (reuse || (remove && incomplete)) {
        service.decide(state.runId, reuse ? 'reuse' : 'delete');
        state = await follow(service, state.runId, context);
      } else if (remove) {
        context.io.stderr(`The registration in Azure is complete, so --delete-incomplete leaves it: reuse it with --reuse-existing, or delete it in the Azure portal.\n`);
      }
    }
    return report(state, args, context, probe);
  },
};

export const rotateCommand: CliCommand = {
  words: ['rotate'],
  summary: 'Make a new client secret through Microsoft Graph; remove the old one once the new one is deployed.',
  usage: `ads-setup rotate --profile ID --via graph [--secret-days N] [--login-url URL --graph-url URL] [--json]
ads-setup rotate --profile ID --via graph --remove-old [--bundle-deployed]

The first form signs you in (your browser), adds a new client secret to the profile's own app, stores it in the OS
keychain and proves it; the old secret stays valid in Azure. Deliver the new one (ads-setup push --profile ID --deploy,
or a bundle), then run the second form: it removes the old secret from Azure once the admin console holds the new one
(the push recorded it). For an air-gapped console add --bundle-deployed once the bundle is applied and deployed.

Exit codes: 0 done; 5 refused by Entra or Graph; 6 stored but not proven; 1 otherwise (such as: the console does not
hold the new secret yet).
`,
  options: { profile: { type: 'string' }, via: { type: 'string' }, 'secret-days': { type: 'string' }, 'remove-old': { type: 'boolean' }, 'bundle-deployed': { type: 'boolean' }, ...ENDPOINT_OPTIONS },
  run: async (args, context) => {
    requireGraph(args);
    const profileId = profileFlag(args);
    const service = graphService(args, context);
    if (args.values['remove-old']) {
      const { removedKeyId } = await service.retireOldSecret(profileId, { bundleDeployed: args.values['bundle-deployed'] === true });
      context.io.stdout(args.values.json ? `${JSON.stringify({ removedKeyId })}\n` : `Removed the old client secret (key ${removedKeyId}) from Azure.\n`);
      return EXIT.ok;
    }
    const started = await service.start(profileId, 'rotate', runOptionsOf(args), overridesOf(args));
    const state = await follow(service, started.runId, context);
    const code = report(state, args, context);
    if (state.phase === 'done' && !args.values.json) context.io.stdout(`Next: deliver it (ads-setup push --profile ${profileId} --deploy, or a bundle), then: ads-setup rotate --profile ${profileId} --via graph --remove-old\n`);
    return code;
  },
};

export const secretProveCommand: CliCommand = {
  words: ['secret', 'prove'],
  summary: 'Prove an Entra profile’s client secret: a client-credentials token request to its tenant.',
  usage: `ads-setup secret prove --profile ID [--json]

Sends the App ID and the stored client secret to the tenant's own token endpoint (the sign-in host the app was made
with, or the cloud of the profile's authority host; verified TLS) and asks for a token for Azure DevOps
(499b84ac-1321-427f-aa17-267ca6975798/.default). A token proves that App ID, tenant and secret belong together;
AADSTS7000215 (wrong secret), 7000222 (expired), 700016 (no such app), 90002 (no such tenant) and 7000229 (no service
principal) are explained. A secret made through Graph in the last two minutes is retried while Entra replicates it.

--json prints { status, message, fix?, aadsts, attempts, tokenEndpoint }.

Exit codes: 0 proven; 6 refused (not proven); 1 otherwise (no keychain, no App ID, unreachable).
`,
  options: { profile: { type: 'string' } },
  run: async (args, context) => {
    const proof = await graphService(args, context).prove(profileFlag(args));
    if (args.values.json) context.io.stdout(`${JSON.stringify(proof)}\n`);
    else printProof(proof, proof.status === 'proven' ? context.io.stdout : context.io.stderr);
    return proof.status === 'proven' ? EXIT.ok : GRAPH_EXIT.notProven;
  },
};

/** signin-check --graph: the registration read back from Graph and checked (signs the admin in). */
export async function graphRegistrationCheck(args: ParsedArgs, context: CliContext): Promise<number> {
  const { registration, checks } = await graphService(args, context).check(profileFlag(args), overridesOf(args));
  if (args.values.json) {
    context.io.stdout(`${JSON.stringify({ registration, checks })}\n`);
  } else {
    if (registration) context.io.stdout(`${describeExisting(registration)}\n`);
    for (const check of checks) context.io.stdout(`${check.ok ? '✓' : '✗'} ${check.message}${!check.ok && check.fix ? `\n    fix: ${check.fix}` : ''}\n`);
  }
  return checks.every((c) => c.ok) ? EXIT.ok : 7;
}

export const GRAPH_CHECK_OPTIONS = { graph: { type: 'boolean' }, ...ENDPOINT_OPTIONS } as const;
