import { z } from 'zod';
import { exportRequestSchema, type ExportResult, type VerifyResponse, verifyRequestSchema } from '../../shared/bundle';
import { AppError } from '../../shared/errors';
import type { BundleService } from './bundle-service';

/** The native file dialogs the shell provides (Electron's in the app, a fixed temp path in the e2e harness). */
export interface BundleFilePicker {
  /** Where to save a new bundle, or null when the admin cancelled. */
  chooseSavePath(defaultName: string): Promise<string | null>;
  /** Which bundle to open, or null when the admin cancelled. */
  chooseOpenPath(): Promise<string | null>;
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'No file was chosen, so nothing was done.', 'Choose a file in the dialog to continue.');
}

/** The bundle's IPC handlers: dialogs from the shell, everything else from the service. */
export class BundleChannels {
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
    return this.service.export(
      request.profileId,
      { target, ...(request.expiresInDays ? { expiresInSeconds: request.expiresInDays * 86400 } : {}), ...(request.deploy ? { deploy: true } : {}) },
      file,
    );
  }

  async verify(request: z.output<typeof verifyRequestSchema>): Promise<VerifyResponse> {
    const file = await this.picker.chooseOpenPath();
    if (file === null) throw cancelled();
    const report = await this.service.verifyFile(file, request.publicKey, request.identity ? { type: 'identity', identityFile: request.identity } : undefined);
    return {
      path: file,
      report,
      ...(report.valid && report.meta ? { instructions: await this.service.hostScriptFor(file, report.meta) } : {}),
    };
  }
}
