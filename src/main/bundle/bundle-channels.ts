import path from 'node:path';
import { z } from 'zod';
import {
  discoveryScriptRequestSchema,
  exportRequestSchema,
  readDiscoveryRequestSchema,
  setMappingRequestSchema,
  type ExportResult,
  type MappingProposal,
  type VerifyResponse,
  verifyRequestSchema,
} from '../../shared/bundle';
import { AppError } from '../../shared/errors';
import type { ProfileView } from '../../shared/profile';
import type { BundleService } from './bundle-service';
import { writeOutputFile } from './bundle-service';
import { discoveryScript, parseDiscovery, proposeMapping, saveMapping } from './mapping';

/** The native file dialogs the shell provides (Electron's in the app, a fixed temp path in the e2e harness). */
export interface BundleFilePicker {
  /** Where to save a new bundle (or, `script`, a host script), or null when the admin cancelled. */
  chooseSavePath(defaultName: string, kind?: 'bundle' | 'script'): Promise<string | null>;
  /** Which bundle to open, or null when the admin cancelled. */
  chooseOpenPath(): Promise<string | null>;
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'No file was chosen, so nothing was done.', 'Choose a file in the dialog to continue.');
}

/** The bundle's IPC handlers: dialogs from the shell, everything else from the service. */
export class BundleChannels {
  /** The bundle last exported here: the only one whose host script the window may have saved (it names no path). */
  #lastExport: string | undefined;

  constructor(
    readonly service: BundleService,
    readonly picker: BundleFilePicker,
  ) {}

  async signingKey() {
    return { key: await this.service.signingKey() };
  }

  async export(request: z.output<typeof exportRequestSchema>): Promise<ExportResult> {
    if ((request.recipient === undefined) === (request.passphrase === undefined)) {
      throw new AppError('INVALID_INPUT', 'Give either the console host\'s age recipient or a passphrase.', 'Paste the "age1…" key printed by `age-keygen` on the console host.');
    }
    // Refusals that need no file (missing mapping, missing secrets) come before the dialog.
    await this.service.valuesFor(await this.service.profile(request.profileId));
    const file = await this.picker.chooseSavePath(`ads-bundle-${request.profileId}.tar`);
    if (file === null) throw cancelled();
    const target = request.recipient !== undefined ? ({ type: 'x25519', recipient: request.recipient } as const) : ({ type: 'passphrase', passphrase: request.passphrase! } as const);
    const result = await this.service.export(
      request.profileId,
      {
        target,
        ...(request.expiresInDays ? { expiresInSeconds: request.expiresInDays * 86400 } : {}),
        ...(request.deploy ? { deploy: true } : {}),
        ...(request.target ? { hostTarget: request.target } : {}),
      },
      file,
    );
    this.#lastExport = result.path;
    return result;
  }

  /** Saves the last exported bundle's host script and its signature, where the admin chooses in a native dialog. */
  async saveHostScript(): Promise<{ path: string; signaturePath: string }> {
    if (!this.#lastExport) throw new AppError('NOT_FOUND', 'No bundle was exported in this session.', 'Export the bundle first; its host script is saved next to it.');
    const { meta, instructions } = await this.service.hostScriptFor(this.#lastExport);
    const file = await this.picker.chooseSavePath(path.join(path.dirname(this.#lastExport), 'apply.sh'), 'script');
    if (file === null) throw cancelled();
    const signature = await this.service.signHostScript(instructions.script, meta);
    await writeOutputFile(file, instructions.script, 0o755);
    await writeOutputFile(`${file}.minisig`, signature);
    return { path: file, signaturePath: `${file}.minisig` };
  }

  async discoveryScript(request: z.output<typeof discoveryScriptRequestSchema>) {
    const slug = request.profileId ? (await this.service.profile(request.profileId)).console.appSlug : undefined;
    return { script: discoveryScript(slug ? { appSlug: slug } : {}), fileName: 'discover.sh' };
  }

  readDiscovery(request: z.output<typeof readDiscoveryRequestSchema>): MappingProposal {
    return proposeMapping(parseDiscovery(request.text), request.mapping ?? {}, request.allowPlainSecretItems ?? []);
  }

  async setMapping(request: z.output<typeof setMappingRequestSchema>): Promise<ProfileView> {
    await saveMapping(this.service.vault, request.profileId, {
      mapping: request.mapping,
      ...(request.appSlug ? { appSlug: request.appSlug } : {}),
      source: request.source,
      ...(request.allowPlainSecretItems ? { plainSecretItems: request.allowPlainSecretItems } : {}),
    });
    return this.service.vault.view(request.profileId);
  }

  async verify(request: z.output<typeof verifyRequestSchema>): Promise<VerifyResponse> {
    const file = await this.picker.chooseOpenPath();
    if (file === null) throw cancelled();
    const report = await this.service.verifyFile(file, request.publicKey, request.identity ? { type: 'identity', identityFile: request.identity } : undefined);
    return {
      path: file,
      report,
      ...(report.valid && report.meta ? { instructions: await this.service.instructionsFor(file, report.meta) } : {}),
    };
  }
}
