import { AppError } from '../../../shared/errors';
import { originOf } from '../../../shared/origin';
import { ProviderRegistry, isTrustedUrl } from '../../registration/providers';
import type { Provider } from '../../registration/providers/types';
import type { OptionValues } from '../command';

/** Exit code of `extract` and `prefill` when the page's origin is not one the provider trusts. */
export const EXIT_UNTRUSTED = 3;
export const EXIT_INCOMPLETE = 2;

export function pageArgs(values: OptionValues): { html?: string; asUrl?: string; url?: string; target: string } {
  const html = typeof values['html'] === 'string' ? values['html'] : undefined;
  const asUrl = typeof values['as-url'] === 'string' ? values['as-url'] : undefined;
  const url = typeof values['url'] === 'string' ? values['url'] : undefined;
  if (html !== undefined && asUrl === undefined) throw new AppError('BAD_REQUEST', '--html needs --as-url: the page runs under the origin it came from.', 'Add --as-url with the address the page was saved from.');
  if (html === undefined && url === undefined) throw new AppError('BAD_REQUEST', 'No page given.', 'Pass --html FILE --as-url URL, or --url URL.');
  if (html !== undefined && url !== undefined) throw new AppError('BAD_REQUEST', 'Give either --html/--as-url or --url, not both.', 'Drop one of them.');
  const target = (html !== undefined ? asUrl : url)!;
  try {
    new URL(target);
  } catch {
    throw new AppError('BAD_REQUEST', 'The page address is not a URL.', 'Give a full https:// address.');
  }
  return { ...(html !== undefined ? { html } : {}), ...(asUrl !== undefined ? { asUrl } : {}), ...(url !== undefined ? { url } : {}), target };
}

/** The provider named by --provider, or the one (of those `eligible`) that trusts the URL's origin. */
export function chooseProvider(values: OptionValues, target: string, eligible: (provider: Provider) => boolean = () => true): { provider: Provider | undefined; trusted: boolean } {
  const registry = new ProviderRegistry();
  const named = typeof values['provider'] === 'string' ? values['provider'] : undefined;
  if (named !== undefined) {
    const provider = registry.get(named);
    if (!provider) throw new AppError('BAD_REQUEST', `Unknown provider "${named}".`, `Use one of: ${registry.all().map((p) => p.id).join(', ')}.`);
    return { provider, trusted: isTrustedUrl(provider, target) };
  }
  const provider = registry.all().find((candidate) => eligible(candidate) && isTrustedUrl(candidate, target));
  return { provider, trusted: provider !== undefined };
}

export function untrustedError(target: string, provider: Provider | undefined, eligible: (provider: Provider) => boolean = () => true): { code: 'UNTRUSTED_ORIGIN'; message: string; remedy: string } {
  const origin = originOf(target) ?? '(invalid)';
  const list = provider ? provider.trustedOrigins.join(', ') : new ProviderRegistry().all().filter(eligible).flatMap((p) => p.trustedOrigins).join(', ');
  return {
    code: 'UNTRUSTED_ORIGIN',
    message: `${origin} is not a page values are read from${provider ? ` for ${provider.id}` : ''}.`,
    remedy: `Values are read only on ${list}. Pass the address the page really came from with --as-url.`,
  };
}
