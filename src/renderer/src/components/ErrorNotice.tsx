import type { AppErrorShape } from '../../../shared/errors';
import { codeRuns, forWindow } from '../../../shared/window-text';

/** An error in the admin's words: what happened and what to do (the app's way; CLI flags stay in CLI output). */
export function ErrorNotice({ error }: { error: AppErrorShape }) {
  const remedy = forWindow(error.remedy);
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-message">
        <WithCode text={error.message} />
      </p>
      {remedy ? (
        <p className="notice-remedy">
          <WithCode text={remedy} />
        </p>
      ) : null}
    </div>
  );
}

/** Names quoted with backticks (a secret's name, a command on the console host) shown as code. */
function WithCode({ text }: { text: string }) {
  return (
    <>
      {codeRuns(text).map((run, index) => (run.code ? <code key={index}>{run.text}</code> : run.text))}
    </>
  );
}
