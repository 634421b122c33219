import { useCallback, useEffect, useState } from 'react';
import type { AppErrorShape } from '../../../../shared/errors';
import type { SecretProof } from '../../../../shared/entra-graph';
import { api } from '../../api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { toShownError } from '../../errors';
import { ProofLine } from './GraphValues';

/**
 * The proof of an Entra installation's stored secret (however it was captured): asked once when shown, again on
 * request. The secret goes from the main process to the tenant's own sign-in only; the window sees the outcome.
 */
export function SecretProofCheck({ profileId, onProof }: { profileId: string; onProof?: (proof: SecretProof) => void }) {
  const [proof, setProof] = useState<SecretProof | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(true);
  /** Asks main; the answer lands in state from the promise's callbacks (never synchronously in an effect). */
  const ask = useCallback(
    () =>
      api.secretProve({ profileId }).then(
        (answer) => {
          setProof(answer);
          setBusy(false);
          onProof?.(answer);
        },
        (caught: unknown) => {
          setError(toShownError(caught));
          setBusy(false);
        },
      ),
    [profileId, onProof],
  );
  useEffect(() => {
    void ask();
  }, [ask]);
  const again = () => {
    setBusy(true);
    setError(null);
    void ask();
  };
  return (
    <div className="secret-proof">
      {busy ? (
        <p className="muted" role="status">
          Proving the client secret with Microsoft Entra…
        </p>
      ) : null}
      <ProofLine proof={proof} />
      {error ? <ErrorNotice error={error} /> : null}
      {proof?.status !== 'proven' && !busy ? (
        <button type="button" className="secondary" onClick={again}>
          Prove again
        </button>
      ) : null}
    </div>
  );
}

/** After a rotation through Graph is deployed: the replaced secret is removed from Azure (once). */
export function RetireOldSecret({ profileId }: { profileId: string }) {
  const [outcome, setOutcome] = useState<{ removedKeyId: string } | AppErrorShape | null>(null);
  useEffect(() => {
    let current = true;
    api.graphRetireSecret({ profileId }).then(
      (removed) => current && setOutcome(removed),
      (caught: unknown) => current && setOutcome(toShownError(caught)),
    );
    return () => {
      current = false;
    };
  }, [profileId]);
  if (!outcome) return <p className="muted" role="status">Removing the replaced client secret from Azure…</p>;
  if ('code' in outcome) return <ErrorNotice error={outcome} />;
  return (
    <p className="verdict verdict-ok" role="status" data-testid="secret-retired">
      <span aria-hidden="true">✓ </span>The replaced client secret (key {outcome.removedKeyId}) was removed from Azure.
    </p>
  );
}
