import { z } from 'zod';
import { errorCodes } from './errors';

/** The typed error as data (kept out of errors.ts so the preload, which needs AppError, does not bundle zod). */
export const appErrorSchema = z.strictObject({
  code: z.enum(errorCodes),
  message: z.string(),
  remedy: z.string().optional(),
});
