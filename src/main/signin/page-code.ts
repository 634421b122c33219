import { findAzureDevOpsEntry, type FindProviderRequest } from './page/find-provider';

const source = findAzureDevOpsEntry.toString();

/** The find-and-click script as source text for the sign-in browser (`__name`: see registration/page-code.ts). */
export function findProviderCall(request: FindProviderRequest): string {
  return `(() => { const __name = (target) => target; return (${source})(${JSON.stringify(request)}); })()`;
}
