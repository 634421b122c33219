import { z } from 'zod';
import type { Channel } from './channels';
import { errorCodes } from './errors';
import { registrationRequests, registrationStateSchema } from './registration';

/** Every request object is strict: unknown keys (including `__proto__`-style keys) are rejected, not ignored. */
const noArguments = z.strictObject({});

export const appInfoSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  runtime: z.strictObject({
    node: z.string(),
    electron: z.string().optional(),
    chrome: z.string().optional(),
  }),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export interface ChannelSpec {
  request: z.ZodType;
  response: z.ZodType;
}

/** Channel → request/response schemas. The single source of truth for what crosses the IPC boundary. */
export const contract = {
  appInfo: { request: noArguments, response: appInfoSchema },
  registrationStart: { request: registrationRequests.start, response: registrationStateSchema },
  registrationState: { request: registrationRequests.flow, response: registrationStateSchema },
  registrationNavigate: { request: registrationRequests.navigate, response: registrationStateSchema },
  registrationExtract: { request: registrationRequests.flow, response: registrationStateSchema },
  registrationPick: { request: registrationRequests.pick, response: registrationStateSchema },
  registrationCancelPick: { request: registrationRequests.flow, response: registrationStateSchema },
  registrationEnd: { request: registrationRequests.flow, response: registrationStateSchema },
  registrationSetBounds: { request: registrationRequests.bounds, response: noArguments },
} satisfies Record<Channel, ChannelSpec>;

export type Contract = typeof contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;

export const appErrorSchema = z.strictObject({
  code: z.enum(errorCodes),
  message: z.string(),
  remedy: z.string().optional(),
});
