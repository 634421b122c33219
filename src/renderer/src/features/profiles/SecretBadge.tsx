import type { SecretStatus } from '../../../../shared/profile';

const KIND_LABEL: Record<SecretStatus['kind'], string> = {
  'client-secret': 'Client secret',
  'webhook-secret': 'Webhook secret',
  'console-password': 'Console password',
  'signing-key': 'Signing key',
};

function stateText(status: SecretStatus): { text: string; tone: 'ok' | 'warn' | 'bad' | 'none' } {
  if (!status.present) return { text: 'not stored', tone: 'none' };
  if (status.warning === 'expired') return { text: `expired ${-(status.expiresInDays ?? 0)} days ago`, tone: 'bad' };
  if (status.warning === 'expiring-soon') return { text: `expires in ${status.expiresInDays} days`, tone: 'warn' };
  if (status.expiresInDays !== undefined) return { text: `expires in ${status.expiresInDays} days`, tone: 'ok' };
  return { text: 'stored', tone: 'ok' };
}

/** One secret's state; the value itself is never here, only its masked preview from the main process. */
export function SecretBadge({ status }: { status: SecretStatus }) {
  const { text, tone } = stateText(status);
  return (
    <li className={`secret secret-${tone}`}>
      {/* The remembered console secret is the password, or another route's secret (its binding names the route). */}
      <span className="secret-kind">{status.kind === 'console-password' && status.boundTo?.via ? `Console ${status.boundTo.via}` : KIND_LABEL[status.kind]}</span>
      <span className="secret-state">{text}</span>
      {status.secret ? (
        <code className="secret-mask" aria-label={`masked, ${status.secret.length} characters`}>
          {status.secret.masked}
        </code>
      ) : null}
    </li>
  );
}
