import { BUILT_AUTHORIZE_TITLE, type RegistrationState } from '../../../../shared/registration';
import { CheckList } from '../../components/CheckList';
import { isWaiting, statusOf } from './wording';
import { useRegistrationStore } from './store';

type PickableField = 'appId' | 'tenantId' | 'clientSecret' | 'authorizeUrl';
const PICKABLE = new Set<string>(['appId', 'tenantId', 'clientSecret', 'authorizeUrl']);
/** The values read from Azure: each waits (neutral) until the admin gets there; red is kept for real problems. */
export function ValueList({ state }: { state: RegistrationState }) {
  return (
    <table className="checklist" aria-label="Values">
      <tbody>
        {state.fields.map((field) => {
          const status = statusOf(state, field);
          return (
            <tr key={field.key} data-testid={`field-${field.key}`}>
              <th scope="row">{field.title}</th>
              <td className={`status status-${status.tone}`}>
                <span aria-hidden="true">{status.tone === 'ok' ? '✓ ' : status.tone === 'bad' ? '✗ ' : '… '}</span>
                {status.text}
              </td>
              <td className="value" data-testid={`value-${field.key}`}>
                {field.masked ? `${field.masked.masked} (${field.masked.length} characters)` : (field.value ?? field.reason ?? '')}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Failed checks (and passed ones with a warning) once something was read; the other passed ones fold into one line. */
export function ValueChecks({ state }: { state: RegistrationState }) {
  const real = state.checks.filter((check) => !isWaiting(check));
  const shown = real.filter((check) => !check.ok || check.warning);
  const passed = real.filter((check) => check.ok && !check.warning);
  if (real.length === 0) return null;
  return (
    <>
      {shown.length > 0 ? <CheckList checks={shown} label="Checks" /> : null}
      {passed.length > 0 ? (
        <details className="passed-checks">
          <summary>
            {passed.length} check{passed.length === 1 ? '' : 's'} passed
          </summary>
          <CheckList checks={passed} label="Passed checks" />
        </details>
      ) : null}
    </>
  );
}

/** Pick, for a value the page hides from the reader: the admin clicks it in the page. */
export function PickValues({ state }: { state: RegistrationState }) {
  const pick = useRegistrationStore((s) => s.pick);
  const cancelPick = useRegistrationStore((s) => s.cancelPick);
  const extract = useRegistrationStore((s) => s.extract);
  const busy = useRegistrationStore((s) => s.busy);
  const pickable = state.fields.filter((field) => PICKABLE.has(field.key) && field.title !== BUILT_AUTHORIZE_TITLE);
  return (
    <details className="pick" open={state.picking !== null}>
      <summary>Value not detected?</summary>
      <p className="muted">Read the page again, or pick a value: press its button, then click the value in the Azure page (Esc cancels).</p>
      {state.picking ? (
        <p className="notice" role="status" data-testid="picking">
          Click the value in the page (Esc cancels).
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void extract()} disabled={busy}>
          Read values again
        </button>
        {pickable.map((field) =>
          state.picking === field.key ? (
            <button key={field.key} type="button" className="secondary" onClick={() => void cancelPick()}>
              Cancel pick
            </button>
          ) : (
            <button key={field.key} type="button" className="secondary" onClick={() => void pick(field.key as PickableField)} disabled={state.picking !== null} aria-label={`Pick ${field.title}`}>
              Pick {field.title}
            </button>
          ),
        )}
      </div>
    </details>
  );
}
