/**
 * Runs inside DeepSource's login page: finds the "Azure DevOps" sign-in entry by its accessible name and clicks it.
 * Self-contained (injected as source text): no imports, no closures over module scope.
 *
 * DeepSource names the provider "Azure Devops Services" (lower-case "o"); other builds or themes may say "Azure
 * DevOps", "Sign in with Azure DevOps" or carry only an icon with a label, so names are compared loosely and
 * case-insensitively. An "Azure DevOps Server" entry (on-premises) is not the one. Waits for a page that renders late.
 */
export interface FindProviderRequest {
  waitMs: number;
}

export type FindProviderAnswer = { found: true; name: string } | { found: false; seen: string[] };

export function findAzureDevOpsEntry(request: FindProviderRequest): Promise<FindProviderAnswer> {
  const CANDIDATES = 'a[href], button, [role="button"], [role="link"], input[type="submit"], input[type="button"]';
  const squash = (text: string) => text.replace(/[\s\u00a0]+/g, ' ').trim();
  const visible = (element: Element) => {
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden' || element.closest('[aria-hidden="true"], [hidden]')) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const textOf = (element: Element): string => {
    const parts: string[] = [];
    const walk = (node: Node) => {
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
      else if (node instanceof HTMLImageElement) parts.push(node.alt);
      else if (node instanceof Element && node.getAttribute('aria-hidden') !== 'true') {
        const label = node.getAttribute('aria-label');
        if (label && node !== element) parts.push(label);
        else node.childNodes.forEach(walk);
      }
    };
    element.childNodes.forEach(walk);
    return parts.join(' ');
  };
  const nameOf = (element: Element): string => {
    const labelledBy = element.getAttribute('aria-labelledby');
    if (labelledBy) {
      const text = labelledBy
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
      if (squash(text)) return squash(text);
    }
    const label = element.getAttribute('aria-label');
    if (label && squash(label)) return squash(label);
    const text = squash(textOf(element));
    if (text) return text;
    if (element instanceof HTMLInputElement && element.value) return squash(element.value);
    return squash(element.getAttribute('title') ?? '');
  };
  const isAzureDevOps = (name: string) => /azure\s*dev\s*ops/i.test(name) && !/\bserver\b/i.test(name);
  const look = (): FindProviderAnswer => {
    const seen: string[] = [];
    for (const element of Array.from(document.querySelectorAll(CANDIDATES))) {
      if (!visible(element)) continue;
      const name = nameOf(element);
      if (name) seen.push(name);
      if (isAzureDevOps(name)) {
        (element as HTMLElement).click();
        return { found: true, name };
      }
    }
    return { found: false, seen: seen.slice(0, 12) };
  };
  return new Promise((resolve) => {
    const first = look();
    if (first.found || request.waitMs <= 0) return resolve(first);
    const observer = new MutationObserver(() => {
      const again = look();
      if (again.found) finish(again);
    });
    const timer = setTimeout(() => finish(look()), request.waitMs);
    const finish = (answer: FindProviderAnswer) => {
      observer.disconnect();
      clearTimeout(timer);
      resolve(answer);
    };
    observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true });
  });
}
