/**
 * A SHA-256 certificate fingerprint shown once, in groups that are easy to compare, with how to read the same value
 * on the console host.
 */
export function Fingerprint({ value, testId, hostCommand }: { value: string; testId?: string; hostCommand?: string }) {
  return (
    <div className="fingerprint-box">
      <code className="fingerprint" data-testid={testId}>
        {value}
      </code>
      {hostCommand ? (
        <details>
          <summary>How do I compare it?</summary>
          <p>On the console host, print the certificate’s SHA-256 fingerprint and check that every pair matches:</p>
          <pre>
            <code>{hostCommand}</code>
          </pre>
        </details>
      ) : null}
    </div>
  );
}

/** The KOTS admin console's own certificate (the kotsadm-tls secret), as the host prints its fingerprint. */
export const KOTS_CERTIFICATE_COMMAND =
  "kubectl get secret kotsadm-tls -n <namespace> -o jsonpath='{.data.tls\\.crt}' | base64 -d | openssl x509 -noout -fingerprint -sha256";
