import type { AppErrorShape } from '../../../shared/errors';
import { forWindow } from '../../../shared/window-text';

/** An error in the admin's words: what happened and what to do (the app's way; CLI flags stay in CLI output). */
export function ErrorNotice({ error }: { error: AppErrorShape }) {
  const remedy = forWindow(error.remedy);
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-message">{error.message}</p>
      {remedy ? <p className="notice-remedy">{remedy}</p> : null}
    </div>
  );
}
