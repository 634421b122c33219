import type { ExtractAnswer, ExtractRequest, FoundValue } from '../shared/page-protocol';
import type { Candidate } from './fields';
import { here } from './here';
import { neverValues, readField } from './read';
import { buildScan } from './scan';
import { press, wasPressed } from './show';
import { forgetLayout } from './tree';

interface ScanResult {
  values: Record<string, FoundValue>;
  ambiguous: string[];
  complete: boolean;
  progress: boolean;
  /** Show controls to press for values that are masked, concealed or not on the page yet. */
  reveal: { key: string; control: HTMLElement }[];
  roots: (Document | ShadowRoot)[];
}

function found(candidate: Candidate, masked: boolean): FoundValue {
  return { value: candidate.value, tooLong: candidate.tooLong, source: candidate.source, masked };
}

function scanPage(request: ExtractRequest): ScanResult {
  forgetLayout();
  const scan = buildScan(request.fields, request.boundaryLabels, request.neverFrom ?? []);
  const never = neverValues(scan);
  const known = new Set(request.known ?? []);
  const result: ScanResult = { values: {}, ambiguous: [], complete: true, progress: false, reveal: [], roots: scan.flat.roots };
  for (const field of request.fields) {
    const read = readField(scan, field, never);
    const unpressed = field.reveal ? read.reveal.find((control) => !wasPressed(control)) : undefined;
    let real: Candidate | null = null;
    if (read.ambiguous) result.ambiguous.push(field.key);
    else if (read.value) real = read.value;
    else if (read.concealed) {
      // Drawn concealed: press its Show first; once there is nothing left to press, the page's own value is it.
      if (unpressed) result.reveal.push({ key: field.key, control: unpressed });
      else real = read.concealed;
    } else if (unpressed) result.reveal.push({ key: field.key, control: unpressed });
    if (real) result.values[field.key] = found(real, false);
    else if (read.masked && !read.ambiguous) result.values[field.key] = found(read.masked, true);
    if (field.required && !real) result.complete = false;
    if (real && !known.has(field.key)) result.progress = true;
  }
  return result;
}

/**
 * Reads the fields, pressing a Show control once for any value that is masked, concealed or not shown yet, and
 * watches the page (MutationObserver on the document and every open shadow root, plus a slow re-read for values
 * set without a mutation, such as an input's `.value`) until every required value is found or `waitMs` ends.
 */
export function extract(request: ExtractRequest): Promise<ExtractAnswer> {
  const progressMode = request.resolveOn === 'progress';
  const revealed: string[] = [];
  let scanMs = 0;
  const attempt = (): ScanResult => {
    const started = performance.now();
    const result = scanPage(request);
    scanMs = performance.now() - started;
    for (const { key, control } of result.reveal) if (press(control) && !revealed.includes(key)) revealed.push(key);
    return result;
  };
  const answer = (result: ScanResult): ExtractAnswer => ({ mode: 'extract', ...here(), values: result.values, revealed, ambiguous: result.ambiguous, scanMs });

  return new Promise((resolve) => {
    let done = false;
    let latest = attempt();
    const timers: ReturnType<typeof setTimeout>[] = [];
    let observer: MutationObserver | null = null;
    const finish = (result: ScanResult) => {
      if (done) return;
      done = true;
      observer?.disconnect();
      for (const timer of timers) clearTimeout(timer);
      resolve(answer(result));
    };
    const settled = (result: ScanResult) => result.complete || (progressMode && result.progress);
    if (settled(latest)) return finish(latest);
    if (request.waitMs <= 0) {
      // Give a pressed "Show" one turn to render, then answer.
      timers.push(setTimeout(() => finish(revealed.length > 0 ? attempt() : latest), revealed.length > 0 ? 50 : 0));
      return;
    }
    let pending = false;
    const observed = new Set<Node>();
    const again = () => {
      pending = false;
      if (done) return;
      latest = attempt();
      watchRoots(latest.roots);
      if (settled(latest)) finish(latest);
    };
    observer = new MutationObserver(() => {
      if (pending) return;
      pending = true;
      timers.push(setTimeout(again, 25));
    });
    const watchRoots = (roots: (Document | ShadowRoot)[]) => {
      for (const root of roots) {
        if (observed.has(root)) continue;
        observed.add(root);
        observer!.observe(root instanceof Document ? root.documentElement : root, {
          subtree: true,
          childList: true,
          characterData: true,
          attributes: true,
          attributeFilter: ['value', 'href', 'hidden', 'class', 'style', 'aria-hidden', 'type', 'title', 'aria-label'],
        });
      }
    };
    watchRoots(latest.roots);
    const poll = () => {
      if (done) return;
      if (!pending) again();
      timers.push(setTimeout(poll, 500));
    };
    timers.push(setTimeout(poll, 500));
    timers.push(setTimeout(() => finish(attempt()), request.waitMs));
  });
}
