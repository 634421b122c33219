import { z } from 'zod';
import type { Channel } from './channels';
import {
  consoleApplyRequestSchema,
  consoleDeployRequestSchema,
  consoleStatusRequestSchema,
  consoleTargetSchema,
  planResultSchema,
  pushReportSchema,
  versionStatusSchema,
} from './console';
import { errorCodes } from './errors';

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
  /** Reads the admin console and answers with the masked diff (or what to decide first). Writes nothing to it. */
  consolePlan: { request: consoleTargetSchema, response: planResultSchema },
  /** Saves the confirmed plan, verifies it, optionally deploys; answers with a report of every step. */
  consoleApply: { request: consoleApplyRequestSchema, response: pushReportSchema },
  /** Deploys an already saved version and follows it. */
  consoleDeploy: { request: consoleDeployRequestSchema, response: pushReportSchema },
  /** One version's status (poll it to follow a deploy past its timeout). */
  consoleStatus: { request: consoleStatusRequestSchema, response: versionStatusSchema },
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
