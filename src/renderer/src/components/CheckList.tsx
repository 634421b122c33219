import type { ReactNode } from 'react';

export interface ShownCheck {
  id: string;
  ok: boolean;
  message: string;
  fix?: string | undefined;
}

/** Passed and failed checks, each failed one with its fix (and, where the app can apply it, an action). */
export function CheckList({ checks, label, action }: { checks: readonly ShownCheck[]; label: string; action?: (check: ShownCheck) => ReactNode }) {
  return (
    <ul className="checks" aria-label={label}>
      {checks.map((check) => (
        <li key={check.id} className={check.ok ? 'check check-ok' : 'check check-failed'} data-testid={`check-${check.id}`}>
          <span aria-hidden="true">{check.ok ? '✓' : '✗'}</span> {check.message}
          {!check.ok && check.fix ? <div className="check-fix">{check.fix}</div> : null}
          {!check.ok && action ? action(check) : null}
        </li>
      ))}
    </ul>
  );
}
