import type { AzureRegistration, GraphRunState, SecretProof } from '../../../../shared/entra-graph';
import { CheckList } from '../../components/CheckList';

type Result = NonNullable<GraphRunState['result']>;

/** The values the app made and stored (the secret only by its hint, key id and expiry), then the checks and the proof. */
export function GraphValues({ result, checks, proof }: { result: Result; checks: GraphRunState['checks']; proof: SecretProof | null }) {
  const rows: [string, string, string][] = [
    ['appId', 'Application (client) ID', result.appId],
    ['tenantId', 'Directory (tenant) ID', result.tenantId],
    ['objectId', 'Object ID', result.objectId],
    ['redirectUri', 'Redirect URI', result.redirectUris.join(', ')],
    ['permissions', 'Azure DevOps permissions', result.scopes.join(', ')],
    ['secret', 'Client secret', `${result.secret.hint}… (kept in the OS keychain), expires ${result.secret.expiresOn.slice(0, 10)}`],
  ];
  return (
    <>
      <table className="checklist" aria-label="Values made in Azure">
        <tbody>
          {rows.map(([key, title, value]) => (
            <tr key={key} data-testid={`graph-${key}`}>
              <th scope="row">{title}</th>
              <td className="value">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {checks.length > 0 ? <CheckList checks={checks} label="Registration checks" /> : null}
      <ProofLine proof={proof} />
    </>
  );
}

/** The secret proof as one line: proven, waiting for Entra, or refused with its fix. */
export function ProofLine({ proof }: { proof: SecretProof | null }) {
  if (!proof) return null;
  const tone = proof.status === 'proven' ? 'verdict verdict-ok' : proof.status === 'waiting' ? 'verdict' : 'verdict verdict-failed';
  return (
    <div className={tone} data-testid="secret-proof" role={proof.status === 'failed' ? 'alert' : 'status'}>
      <p>
        <span aria-hidden="true">{proof.status === 'proven' ? '✓ ' : proof.status === 'waiting' ? '… ' : '✗ '}</span>
        {proof.status === 'proven' ? 'Secret proven. ' : proof.status === 'failed' ? 'Secret not proven. ' : ''}
        {proof.message}
      </p>
      {proof.status === 'failed' && proof.fix ? <p className="check-fix">{proof.fix}</p> : null}
    </div>
  );
}

/** What a registration found in Azure holds and lacks. */
export function RegistrationFacts({ registration }: { registration: AzureRegistration }) {
  const yes = (value: boolean) => (value ? 'yes' : 'no');
  return (
    <table className="checklist" aria-label={`In Azure: ${registration.displayName}`}>
      <tbody>
        <tr>
          <th scope="row">Application (client) ID</th>
          <td className="value">{registration.appId}</td>
        </tr>
        <tr>
          <th scope="row">Service principal</th>
          <td className="value">{yes(registration.servicePrincipal)}</td>
        </tr>
        <tr>
          <th scope="row">Azure DevOps permissions</th>
          <td className="value">{yes(registration.permissions)}</td>
        </tr>
        <tr>
          <th scope="row">Client secrets</th>
          <td className="value">{registration.passwords}</td>
        </tr>
        {registration.missing.length > 0 ? (
          <tr>
            <th scope="row">Missing</th>
            <td className="value">{registration.missing.join(', ')}</td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}
