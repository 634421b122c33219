import type { ReactNode } from 'react';

export interface ShownCheck {
  id: string;
  ok: boolean;
  message: string;
  fix?: string | undefined;
  /** Passed, with something to know: shown with a warning mark and its fix. */
  warning?: true | undefined;
}

function markOf(check: ShownCheck): string {
  if (!check.ok) return '✗';
  return check.warning ? '⚠' : '✓';
}

/** Passed and failed checks, each failed one with its fix (and, where the app can apply it, an action). */
export function CheckList({ checks, label, action }: { checks: readonly ShownCheck[]; label: string; action?: (check: ShownCheck) => ReactNode }) {
  return (
    <ul className="checks" aria-label={label}>
      {checks.map((check) => (
        <li key={check.id} className={check.ok ? (check.warning ? 'check check-warn' : 'check check-ok') : 'check check-failed'} data-testid={`check-${check.id}`}>
          <span aria-hidden="true">{markOf(check)}</span>
          {check.warning ? <span className="visually-hidden">Note: </span> : null} {check.message}
          {(!check.ok || check.warning) && check.fix ? <div className="check-fix">{check.fix}</div> : null}
          {!check.ok && action ? action(check) : null}
        </li>
      ))}
    </ul>
  );
}
