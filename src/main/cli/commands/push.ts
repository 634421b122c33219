import path from 'node:path';
import type { PlanDecision, PlanResult, PushReport } from '../../../shared/console';
import { AppError, type ErrorCode } from '../../../shared/errors';
import { ConsoleService, type ConsoleServiceOptions } from '../../console/console-service';
import { nodeConsoleTransport } from '../../console/node-transport';
import type { TransportFactory } from '../../console/transport';
import { describeTrustChange, type TrustDecisions } from '../../console/trust';
import type { VaultService } from '../../vault/vault';
import { EXIT, toErrorShape, writeError, type CliCommand, type CliContext, type ParsedArgs } from '../command';
import type { CliIo } from '../io';
import { openCliVault } from '../vault-context';
import { candidateLine, MAPPING_FLAG_USAGE, parseMappings, plainSecretFlags } from './mapping-flags';
import { printable } from '../../../shared/printable';
import { shellQuote } from '../../../shared/shell-quote';

/** Exit codes of `ads-setup push` (issue 5). */
export const PUSH_EXIT = { done: 0, failed: 1, needsDecision: 2, auth: 3, tls: 4, rejected: 5, deployFailed: 6 } as const;

export function pushExitCode(code: ErrorCode): number {
  switch (code) {
    case 'NEEDS_MAPPING':
    case 'NEEDS_APP':
    case 'NEEDS_CONFIRMATION':
      return PUSH_EXIT.needsDecision;
    case 'CONSOLE_AUTH':
    case 'CONSOLE_LOCKED':
    case 'NEEDS_PASSWORD':
      return PUSH_EXIT.auth;
    case 'CONSOLE_TLS':
    case 'CERT_CHANGED':
    case 'CONSOLE_INSECURE_URL':
    case 'NEEDS_TRUST':
      return PUSH_EXIT.tls;
    case 'CONSOLE_REJECTED':
      return PUSH_EXIT.rejected;
    case 'DEPLOY_FAILED':
    case 'DEPLOY_TIMEOUT':
      return PUSH_EXIT.deployFailed;
    default:
      return PUSH_EXIT.failed;
  }
}

const USAGE = `ads-setup push --profile ID [--console URL] [--app SLUG] [--check | --plan] [--deploy] [--yes]
                      [--trust-fingerprint SHA256] [--ca-file PEM] [--map ROLE=ITEM]... [--allow-plain-secret ITEM]...
                      [--password-stdin] [--remember-password] [--deploy-timeout SECONDS] [--follow SEQUENCE]

Pushes the profile's Azure DevOps Services settings to the DeepSource admin console (KOTS): reads the console,
shows what will change (secrets masked), and after confirmation saves, verifies and optionally deploys.

  --profile ID               The profile to push.
  --console URL              The admin console, https://host:8800 (http only for localhost port-forwards).
                             Naming another console than the one the profile already uses moves it there.
  --app SLUG                 The console app, when it has more than one.
  --check                    Log in, settle the certificate, find the app and the fields, and exit; writes nothing
                             and works before the profile's secrets exist (the item mapping is saved).
  --plan                     Show the changes and exit; writes nothing to the console (the item mapping is saved).
  --deploy                   Deploy the saved version and follow it until deployed or failed.
  --yes                      Do not ask before saving.
  --trust-fingerprint FP     Pin the console's self-signed certificate (SHA-256, as shown) after comparing it.
                             For a console whose pinned certificate changed, typing the new fingerprint here is
                             the confirmation; nothing else re-pins it.
  --ca-file PEM              Trust the console's certificate through this CA (a PEM file of at most 1 MB; kept in
                             the profile).
${MAPPING_FLAG_USAGE}
  --password-stdin           Read the console password from standard input (one line).
  --remember-password        Keep the console password in the OS keychain for later pushes, bound to this
                             console and its certificate (or CA): it is never sent anywhere else.
  --deploy-timeout SECONDS   How long to follow a deploy (default 600).
  --follow SEQUENCE          Only follow a deploy already started (after a timeout); writes nothing.

The password comes from --password-stdin, ADS_SETUP_CONSOLE_PASSWORD, the keychain (if remembered for this very
console and certificate), or a prompt without echo. Without a terminal to ask on, push exits 3 and says why.

Exit codes: 0 done, 1 other failure, 2 needs a mapping, an app or confirmation, 3 authentication,
4 TLS / certificate, 5 the console rejected the values, 6 the deploy failed or timed out.
`;

export interface PushDependencies {
  openVault?: (args: ParsedArgs, context: CliContext) => { vault: VaultService };
  transport?: TransportFactory;
  serviceOptions?: Partial<ConsoleServiceOptions>;
}

function positiveInt(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new AppError('INVALID_INPUT', `${flag} expects a whole number.`, `For example: ${flag} 900`);
  return Number(value);
}

function printPlan(io: CliIo, result: Extract<PlanResult, { status: 'ready' }>): void {
  const { plan } = result;
  io.stdout(`Plan for ${printable(plan.console)}, app ${printable(plan.app.slug)} (based on deployed version ${plan.baseSequence}):\n`);
  for (const item of plan.items) {
    const mark = item.action === 'unchanged' ? '=' : '~';
    let detail: string;
    if (item.kind === 'secret') {
      const masked = item.secret ? `${item.secret.length} characters, ${item.secret.masked}` : 'new value';
      detail = item.action === 'unchanged' ? 'unchanged' : item.action === 'replace' ? `will be replaced (new: ${masked})` : `will be set (${masked})`;
    } else {
      detail = item.action === 'unchanged' ? `unchanged (${JSON.stringify(item.to ?? '')})` : `${JSON.stringify(item.from ?? '')} → ${JSON.stringify(item.to ?? '')}`;
    }
    io.stdout(`  ${mark} ${printable(item.title)} [${printable(item.name)}]: ${printable(detail)}\n`);
  }
  io.stdout(plan.changes === 0 ? 'Nothing to change.\n' : `${plan.changes} change(s).\n`);
}

function printNeeds(io: CliIo, result: PlanDecision): { code: number; error: AppError } {
  if (result.status === 'needs-trust') {
    if (result.reason === 'changed') {
      io.stderr(`THE CERTIFICATE OF ${result.console} CHANGED. Someone may be intercepting the connection.\n  pinned:          ${result.pinnedFingerprint ?? '(unknown)'}\n  presented now:   ${result.fingerprint ?? '(unknown)'}\n`);
      const error = new AppError('CERT_CHANGED', result.message, `Only if you renewed the certificate yourself: compare the new fingerprint with the console's, then type it: --trust-fingerprint ${result.fingerprint ?? 'NEW'}`);
      return { code: PUSH_EXIT.tls, error };
    }
    const error = new AppError('NEEDS_TRUST', result.message, result.fingerprint ? `Compare it with the console's certificate, then run again with --trust-fingerprint ${result.fingerprint}` : 'Give the issuing CA with --ca-file PEM.');
    return { code: PUSH_EXIT.tls, error };
  }
  if (result.status === 'needs-app') {
    io.stderr(`The console at ${printable(result.console)} has these apps:\n${result.apps.map((a) => `  ${printable(a.slug)}  (${printable(a.name)})\n`).join('')}`);
    return { code: PUSH_EXIT.needsDecision, error: new AppError('NEEDS_APP', 'Choose the DeepSource app in the console.', 'Run again with --app SLUG.') };
  }
  const lines: string[] = [];
  for (const role of [...result.missing, ...result.ambiguous, ...result.plainSecret]) {
    const why = result.missing.includes(role)
      ? 'no item with the expected title'
      : result.ambiguous.includes(role)
        ? 'several items match'
        : `"${printable(result.found[role] ?? '')}" is not a password item, so KOTS would store the secret unencrypted (--allow-plain-secret ${printable(shellQuote(result.found[role] ?? 'ITEM'))} to accept it)`;
    lines.push(`  ${role}: ${why}; candidates:`);
    for (const c of result.candidates[role] ?? []) lines.push(candidateLine(role, c));
  }
  io.stderr(`Could not match every Azure DevOps Services field in ${printable(result.console)} (app ${printable(result.app.slug)}) by title:\n${lines.join('\n')}\n`);
  return { code: PUSH_EXIT.needsDecision, error: new AppError('NEEDS_MAPPING', 'Some console items must be chosen once.', 'Run again with --map ROLE=ITEM for each field listed (or --allow-plain-secret ITEM); the choice is saved in the profile.') };
}

function printReport(io: CliIo, report: PushReport): void {
  io.stdout(`Push to ${printable(report.console)}, app ${printable(report.app)}: ${report.outcome}\n`);
  for (const step of report.steps) io.stdout(`  ${step.status.padEnd(11)} ${step.step.padEnd(12)} ${printable(step.detail)}\n`);
  io.stdout(`  (${report.requests} HTTP request(s) to the console)\n`);
}

const PASSWORD_REMEDY = 'Pipe it with --password-stdin, set ADS_SETUP_CONSOLE_PASSWORD, or run in a terminal to be asked for it.';

/** The password the admin gave for this run, if any; otherwise the service uses a remembered one that fits or asks. */
async function givenPassword(io: CliIo, fromStdin: boolean): Promise<string | undefined> {
  if (fromStdin) {
    if (io.stdinIsTTY) throw new AppError('INVALID_INPUT', '--password-stdin reads the password from a pipe, not from the terminal.', 'Pipe it in (e.g. from a password manager), or leave the flag out to be asked without echo.');
    const piped = (await io.readStdin()).replace(/\r?\n$/, '');
    if (!piped || /[\r\n]/.test(piped)) throw new AppError('NEEDS_PASSWORD', 'Standard input held no one-line password.', PASSWORD_REMEDY);
    return piped;
  }
  return io.env['ADS_SETUP_CONSOLE_PASSWORD'] || undefined;
}

/** Asks on the terminal when no password may be used; without a terminal, exit 3 with the reason. */
function passwordPrompt(io: CliIo) {
  return async (reason: string): Promise<string> => {
    if (!io.stdinIsTTY) throw new AppError('NEEDS_PASSWORD', `The admin console password is needed. ${reason}`, PASSWORD_REMEDY);
    io.stderr(`${reason}\n`);
    const typed = await io.promptHidden('Admin console password: ');
    if (!typed) throw new AppError('NEEDS_PASSWORD', 'No password was entered.', 'Run again and type the admin console password.');
    return typed;
  };
}

/** On the command line the admin's own flags (--console, --trust-fingerprint, --ca-file) are the confirmation; said aloud. */
function typedDecisions(io: CliIo): TrustDecisions {
  return {
    confirm: async (change) => {
      const question = describeTrustChange(change);
      io.stderr(`warning: ${question.message}\n${question.detail.split('\n').map((line) => `  ${line}`).join('\n')}\n  Going ahead because you typed it on the command line.\n`);
      return true;
    },
  };
}

export function createPushCommand(dependencies: PushDependencies = {}): CliCommand {
  return {
    words: ['push'],
    summary: 'Push the Azure DevOps Services settings to the admin console (plan, save, deploy).',
    usage: USAGE,
    options: {
      profile: { type: 'string' },
      console: { type: 'string' },
      app: { type: 'string' },
      check: { type: 'boolean' },
      plan: { type: 'boolean' },
      deploy: { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      'trust-fingerprint': { type: 'string' },
      'ca-file': { type: 'string' },
      map: { type: 'string', multiple: true },
      'allow-plain-secret': { type: 'string', multiple: true },
      'password-stdin': { type: 'boolean' },
      'remember-password': { type: 'boolean' },
      'deploy-timeout': { type: 'string' },
      follow: { type: 'string' },
    },
    run: async (args, context) => {
      const { io } = context;
      const json = args.values.json === true;
      const fail = (error: unknown, code?: number) => {
        const shape = toErrorShape(error);
        writeError(io, shape, json);
        return code ?? pushExitCode(shape.code);
      };
      const profileId = args.values['profile'];
      if (typeof profileId !== 'string') {
        io.stderr(`error: --profile is required.\nUsage: ${USAGE}`);
        return EXIT.usage;
      }
      const { vault } = (dependencies.openVault ?? openCliVault)(args, context);
      const service = new ConsoleService({
        vault,
        transport: dependencies.transport ?? nodeConsoleTransport,
        trust: typedDecisions(io),
        askPassword: passwordPrompt(io),
        ...dependencies.serviceOptions,
      });
      try {
        const mapping = parseMappings(args.values['map']);
        const deployTimeout = positiveInt(args.values['deploy-timeout'], '--deploy-timeout');
        const follow = positiveInt(args.values['follow'], '--follow');
        await vault.get(profileId);
        const password = await givenPassword(io, args.values['password-stdin'] === true);
        const plainItems = plainSecretFlags(args.values['allow-plain-secret']);
        const target = {
          profileId,
          ...(password !== undefined ? { password } : {}),
          ...(args.values['remember-password'] ? { rememberPassword: true } : {}),
          ...(typeof args.values['console'] === 'string' ? { consoleUrl: args.values['console'] } : {}),
          ...(typeof args.values['app'] === 'string' ? { appSlug: args.values['app'] } : {}),
          ...(typeof args.values['trust-fingerprint'] === 'string' ? { trustFingerprint: args.values['trust-fingerprint'] } : {}),
          ...(typeof args.values['ca-file'] === 'string' ? { caFile: path.resolve(args.values['ca-file']) } : {}),
          ...(Object.keys(mapping).length > 0 ? { mapping } : {}),
          ...(plainItems.length > 0 ? { allowPlainSecretItems: plainItems } : {}),
          ...(args.values['check'] ? { connectOnly: true } : {}),
        };
        const progress = json ? undefined : (event: { step: string; detail: string }) => io.stderr(`… ${printable(event.detail)}\n`);

        if (follow !== undefined) {
          const report = await service.follow({ profileId, ...(password !== undefined ? { password } : {}), sequence: follow, ...(deployTimeout ? { timeoutSeconds: deployTimeout } : {}) }, progress);
          if (json) io.stdout(`${JSON.stringify({ report })}\n`);
          else printReport(io, report);
          if (!report.error) return PUSH_EXIT.done;
          if (!json) writeError(io, report.error);
          return pushExitCode(report.error.code);
        }

        const result = await service.plan(target);
        if (result.status === 'connected') {
          if (json) io.stdout(`${JSON.stringify({ check: result })}\n`);
          else io.stdout(`Connected to ${printable(result.console)}, app ${printable(result.app.slug)}: every Azure DevOps Services field was found. Nothing was written.\n`);
          return PUSH_EXIT.done;
        }
        if (result.status !== 'ready') {
          if (json) io.stdout(`${JSON.stringify({ plan: result })}\n`);
          const { code, error } = printNeeds(json ? { ...io, stderr: () => undefined } : io, result);
          if (!json) writeError(io, error.toShape());
          return code;
        }
        if (!json) printPlan(io, result);
        if (args.values['plan'] || (result.plan.changes === 0 && !args.values['deploy'])) {
          if (json) io.stdout(`${JSON.stringify({ plan: result })}\n`);
          return PUSH_EXIT.done;
        }
        if (!args.values['yes']) {
          if (!io.stdinIsTTY) {
            if (json) io.stdout(`${JSON.stringify({ plan: result })}\n`);
            return fail(new AppError('NEEDS_CONFIRMATION', 'Nothing was written: the changes need confirmation.', 'Review the plan, then run again with --yes.'));
          }
          const answer = await io.promptHidden(`Type "yes" to save ${result.plan.changes} change(s) to ${result.plan.console}${args.values['deploy'] ? ' and deploy' : ''}: `);
          if (answer.trim().toLowerCase() !== 'yes') return fail(new AppError('NEEDS_CONFIRMATION', 'Not confirmed; nothing was written.', 'Run again and type yes, or pass --yes.'));
        }
        const report = await service.apply({ ...target, planId: result.plan.planId, ...(args.values['deploy'] ? { deploy: true } : {}), ...(deployTimeout ? { deployTimeoutSeconds: deployTimeout } : {}) }, progress);
        if (json) io.stdout(`${JSON.stringify({ plan: result, report })}\n`);
        else printReport(io, report);
        if (report.error) {
          if (!json) writeError(io, report.error);
          return pushExitCode(report.error.code);
        }
        return PUSH_EXIT.done;
      } catch (error) {
        return fail(error);
      } finally {
        service.close();
      }
    },
  };
}

export const pushCommand = createPushCommand();
