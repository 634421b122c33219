import type { ExtractRequest, PickRequest, PrefillRequest } from '../../shared/page-protocol';
import type { Provider } from './providers/types';

/** The extraction request for a provider: every field (decoys too, to compare with) and every boundary label. */
export function extractRequest(provider: Provider, waitMs: number): ExtractRequest {
  return {
    mode: 'extract',
    waitMs,
    fields: provider.fields.map((field) => ({
      key: field.key,
      labels: field.labels,
      kind: field.kind,
      required: field.role === 'value',
      reveal: field.reveal,
      maxLength: field.maxLength,
      ...(field.prefer !== undefined ? { prefer: field.prefer } : {}),
    })),
    boundaryLabels: provider.boundaryLabels,
    neverFrom: provider.neverFromLabels,
  };
}

export interface PrefillInput {
  hostname: string;
  org: string;
  callback: string;
}

export function prefillRequest(provider: Provider, input: PrefillInput, waitMs: number): PrefillRequest | null {
  const form = provider.registerForm;
  if (!form) return null;
  return {
    mode: 'prefill',
    waitMs,
    textFields: form.textFields.map((field) => ({ labels: field.labels, value: field.value(input) })),
    scopes: form.scopes,
    refusalPhrases: form.refusalPhrases,
  };
}

export function pickRequest(waitMs: number, maxLength = 4096): PickRequest {
  return { mode: 'pick', waitMs, maxLength };
}

/** Is this URL one of the provider's register pages (origin + path, query and hash ignored)? */
export function isRegisterPage(provider: Provider, url: string): boolean {
  try {
    const parsed = new URL(url);
    const here = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`.toLowerCase();
    return provider.registerPages.some((page) => {
      const p = new URL(page);
      return `${p.origin}${p.pathname.replace(/\/+$/, '')}`.toLowerCase() === here;
    });
  } catch {
    return false;
  }
}
