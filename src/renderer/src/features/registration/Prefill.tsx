import type { RegistrationState } from '../../../../shared/registration';
import { prefillSummary } from './wording';

/**
 * What prefill did to the register form, in its own words: the fields it filled, the choices it made (account type,
 * platform), the scope boxes it ticked or unticked. Boxes the page had ticked itself are named as the page's, never
 * counted as filled in for the admin.
 */
export function Prefill({ state }: { state: RegistrationState }) {
  const prefill = state.prefill;
  if (!prefill) return null;
  const missing = [...prefill.missingFields.map((l) => `field “${l}”`), ...prefill.missingChoices.map((l) => `choice “${l}”`), ...prefill.missingScopes.map((l) => `scope “${l}”`)];
  return (
    <div className="prefill" data-testid="prefill">
      {missing.length > 0 ? (
        <div className="notice notice-warn" role="status">
          Not found on the page, fill in by hand: {missing.join(', ')}.
        </div>
      ) : null}
      <details>
        <summary>Filled in for you: {prefillSummary(prefill)}</summary>
        <ul>
          {prefill.filled.map((f) => (
            <li key={`f-${f.label}`}>
              {f.label}: <code>{f.value}</code>
            </li>
          ))}
          {prefill.chosen.map((c) => (
            <li key={`c-${c.label}`}>
              {c.label}: {c.option}
            </li>
          ))}
          {prefill.ticked.map((label) => (
            <li key={`t-${label}`}>☑ {label} (ticked for you)</li>
          ))}
          {prefill.alreadyTicked.map((label) => (
            <li key={`a-${label}`}>☑ {label} (the page had it ticked)</li>
          ))}
          {prefill.unticked.map((label) => (
            <li key={`u-${label}`}>☐ {label} (unticked: DeepSource does not need it)</li>
          ))}
          {prefill.leftTicked.map((label) => (
            <li key={`l-${label}`}>☑ {label} (ticked by the page, not a scope: left as it was)</li>
          ))}
        </ul>
      </details>
    </div>
  );
}
