import { AppError, type AppErrorShape } from '../../shared/errors';
import { forWindow } from '../../shared/window-text';

/** Anything thrown by an api call, as the window shows it: message and the app's remedy, never a stack or a CLI flag. */
export function toShownError(error: unknown): AppErrorShape {
  if (error instanceof AppError) {
    const shape = error.toShape();
    const remedy = forWindow(shape.remedy);
    return { code: shape.code, message: shape.message, ...(remedy ? { remedy } : {}) };
  }
  return { code: 'INTERNAL', message: 'Something went wrong talking to the app.', remedy: 'Restart the app and try again.' };
}
