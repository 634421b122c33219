import { AppError, type AppErrorShape } from '../../shared/errors';

/** Anything thrown by an api call, as something the UI can show: message plus remedy, never a stack. */
export function toShownError(error: unknown): AppErrorShape {
  if (error instanceof AppError) return error.toShape();
  return { code: 'INTERNAL', message: 'Something went wrong talking to the app.', remedy: 'Restart the app and try again.' };
}
