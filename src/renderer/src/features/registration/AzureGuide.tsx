import type { ProviderId } from '../../../../shared/providers';
import { guideStep, useProvider } from '../providers/store';

/** What the admin does in Azure now, step by step, for the kind of app being registered (the provider's own steps). */
export function AzureGuide({ provider, callbackUrl, organization, rotate = false }: { provider: ProviderId; callbackUrl?: string | undefined; organization?: string | undefined; rotate?: boolean }) {
  const descriptor = useProvider(provider);
  const steps = descriptor ? (rotate ? descriptor.guide.rotate : descriptor.guide.register).map((step) => guideStep(step, { organization, callbackUrl })) : [];
  return (
    <div className="guide">
      <h3>Do this in Azure now</h3>
      <ol>
        {steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <p className="muted">Values are read straight from the page; nothing is submitted for you and nothing goes through the clipboard.</p>
    </div>
  );
}
