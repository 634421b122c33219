import type { FindProviderAnswer, FindProviderRequest } from '../shared/page-protocol';
import { here } from './here';
import { controlName } from './names';

const CANDIDATES = 'a[href], button, [role="button"], [role="link"], input[type="submit"], input[type="button"]';

function visible(element: Element): boolean {
  const style = getComputedStyle(element);
  if (style.display === 'none' || style.visibility === 'hidden' || element.closest('[aria-hidden="true"], [hidden], [inert]')) return false;
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.height > 0;
}

/**
 * DeepSource names the provider "Azure Devops Services" (lower-case "o"); other builds may say "Azure DevOps" or
 * "Sign in with Azure DevOps", so names are compared loosely; "Azure DevOps Server" (on-premises) is not the one.
 */
function isAzureDevOps(name: string): boolean {
  return /azure\s*dev\s*ops/i.test(name) && !/\bserver\b/i.test(name);
}

/** The page's sign-in entries: its Azure DevOps one (element and name) and the names of the others (at most 12). */
export function signInEntries(): { azureDevOps: { element: HTMLElement; name: string } | null; seen: string[] } {
  const seen: string[] = [];
  for (const element of Array.from(document.querySelectorAll(CANDIDATES))) {
    if (!visible(element)) continue;
    const name = controlName(element);
    if (!name) continue;
    if (isAzureDevOps(name)) return { azureDevOps: { element: element as HTMLElement, name }, seen };
    if (seen.length < 12) seen.push(name);
  }
  return { azureDevOps: null, seen };
}

function look(): { clicked: string | null; seen: string[] } {
  const { azureDevOps, seen } = signInEntries();
  if (!azureDevOps) return { clicked: null, seen };
  azureDevOps.element.click();
  return { clicked: azureDevOps.name, seen };
}

/** The sign-in check's step on DeepSource's login page: click its Azure DevOps entry, waiting for a late render. */
export function findProvider(request: FindProviderRequest): Promise<FindProviderAnswer> {
  return new Promise((resolve) => {
    const answer = (found: { clicked: string | null; seen: string[] }) => ({ mode: 'find-provider' as const, ...here(), ...found });
    const first = look();
    if (first.clicked !== null || request.waitMs <= 0) return resolve(answer(first));
    const finish = (found: { clicked: string | null; seen: string[] }) => {
      observer.disconnect();
      clearTimeout(timer);
      resolve(answer(found));
    };
    const observer = new MutationObserver(() => {
      const again = look();
      if (again.clicked !== null) finish(again);
    });
    const timer = setTimeout(() => finish(look()), request.waitMs);
    observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true });
  });
}
