import type { ExtractRequest, PickRequest, PrefillRequest } from '../../shared/page-protocol';
import type { Provider, RegisterInput } from './providers/types';

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
    ...(provider.readBack ? { readBack: provider.readBack.query } : {}),
  };
}

export function prefillRequest(provider: Provider, input: RegisterInput, waitMs: number): PrefillRequest | null {
  const form = provider.registerForm;
  if (!form) return null;
  return {
    mode: 'prefill',
    waitMs,
    textFields: form.textFields.map((field) => ({ labels: field.labels, value: field.value(input) })),
    scopes: form.scopes,
    ...(form.choices ? { choices: form.choices(input) } : {}),
    ...(form.dropdowns ? { dropdowns: form.dropdowns } : {}),
    refusalPhrases: form.refusalPhrases,
  };
}

export function pickRequest(waitMs: number, maxLength = 4096): PickRequest {
  return { mode: 'pick', waitMs, maxLength };
}

/**
 * Is this URL one of the provider's register pages? Origin and path must match (the query is ignored); a page named
 * with a hash route (the portal's `#view/…/CreateApplicationBlade`) must also have a route that begins with it.
 */
export function isRegisterPage(provider: Provider, url: string): boolean {
  try {
    const parsed = new URL(url);
    const here = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`.toLowerCase();
    return provider.registerPages.some((page) => {
      const p = new URL(page);
      if (`${p.origin}${p.pathname.replace(/\/+$/, '')}`.toLowerCase() !== here) return false;
      return p.hash === '' || parsed.hash.toLowerCase().startsWith(p.hash.toLowerCase());
    });
  } catch {
    return false;
  }
}
