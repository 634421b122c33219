import type { PageAnswer, PageRequest } from '../shared/page-protocol';
import { extract } from './extract';
import { describe } from './describe';
import { findProvider } from './find-provider';
import { here } from './here';
import { cancelPick, pick } from './pick';
import { prefill } from './prefill';

/**
 * The page script's entry: bundled at build time (scripts/build-page.mjs) into one self-contained script that the
 * app's view, the CLI and the tests inject as source text and call with one request (JSON data, never code).
 */
export function run(request: PageRequest): Promise<PageAnswer> | PageAnswer {
  switch (request.mode) {
    case 'extract':
      return extract(request);
    case 'prefill':
      return prefill(request);
    case 'pick':
      return pick(request);
    case 'cancel-pick':
      return { mode: 'cancel-pick', ...here(), cancelled: cancelPick() };
    case 'find-provider':
      return findProvider(request);
    case 'describe':
      return describe();
  }
}
