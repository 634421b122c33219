import type { AppErrorShape } from '../../../shared/errors';

export function ErrorNotice({ error }: { error: AppErrorShape }) {
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-message">{error.message}</p>
      {error.remedy ? <p className="notice-remedy">{error.remedy}</p> : null}
    </div>
  );
}
