import type { ExtractAnswer, ExtractRequest, FoundValue, ReadBackAnswer } from '../shared/page-protocol';
import type { Candidate } from './fields';
import { here } from './here';
import { neverValues, readField } from './read';
import { readBack, readBackFields } from './read-back';
import { scanSteps } from './scan';
import { press, wasPressed } from './show';
import { MAY_PAUSE, runSliced, type Steps } from './slices';
import { forgetLayout } from './tree';

interface ScanResult {
  values: Record<string, FoundValue>;
  ambiguous: string[];
  complete: boolean;
  progress: boolean;
  roots: (Document | ShadowRoot)[];
  readBack?: ReadBackAnswer;
}

/** A scan whose page changed structure while it was read (between its slices) is read again, this many times at most. */
const TORN_RETRIES = 2;

function found(candidate: Candidate, masked: boolean): FoundValue {
  return { value: candidate.value, tooLong: candidate.tooLong, source: candidate.source, masked };
}

/** One read of the page, in slices: the scan, then each field; with the Show controls to press for what is missing. */
function* scanPage(request: ExtractRequest): Steps<{ result: ScanResult; reveal: { key: string; control: HTMLElement }[] }> {
  forgetLayout();
  const scan = yield* scanSteps([...request.fields, ...readBackFields(request.readBack)], request.boundaryLabels, request.neverFrom ?? []);
  const never = neverValues(scan);
  const known = new Set(request.known ?? []);
  const result: ScanResult = { values: {}, ambiguous: [], complete: true, progress: false, roots: scan.flat.roots };
  const reveal: { key: string; control: HTMLElement }[] = [];
  for (const field of request.fields) {
    yield MAY_PAUSE;
    const read = yield* readField(scan, field, never);
    const unpressed = field.reveal ? read.reveal.find((control) => !wasPressed(control)) : undefined;
    let real: Candidate | null = null;
    if (read.ambiguous) result.ambiguous.push(field.key);
    else if (read.value) real = read.value;
    else if (read.concealed) {
      // Drawn concealed: press its Show first; once there is nothing left to press, the page's own value is it.
      if (unpressed) reveal.push({ key: field.key, control: unpressed });
      else real = read.concealed;
    } else if (unpressed) reveal.push({ key: field.key, control: unpressed });
    if (real) result.values[field.key] = found(real, false);
    else if (read.masked && !read.ambiguous) result.values[field.key] = found(read.masked, true);
    if (field.required && !real) result.complete = false;
    if (real && !known.has(field.key)) result.progress = true;
  }
  if (request.readBack) {
    const secretField = request.fields.find((field) => field.kind === 'secret' && field.required);
    const secret = secretField ? result.values[secretField.key] : undefined;
    result.readBack = yield* readBack(scan, { key: secretField?.key ?? '', value: secret && !secret.masked ? secret.value : undefined });
  }
  return { result, reveal };
}

/**
 * A read, and whether the page changed its structure meanwhile (`torn`, read again). Show controls are pressed
 * in its last slice, once the read is kept: for a value masked, concealed or not on the page yet.
 */
function* readOnce(request: ExtractRequest, revealed: string[], changed: () => boolean, last: boolean): Steps<{ result: ScanResult; torn: boolean }> {
  const { result, reveal } = yield* scanPage(request);
  const torn = changed();
  if (!torn || last) for (const { key, control } of reveal) if (press(control) && !revealed.includes(key)) revealed.push(key);
  return { result, torn };
}

/** Did the page add, remove or change text or nodes (childList, characterData) under any of `roots` since `watch`? */
function structureWatch(): { watch: (roots: readonly (Document | ShadowRoot)[]) => void; changed: () => boolean } {
  const observer = new MutationObserver(() => undefined);
  return {
    watch: (roots) => {
      for (const root of roots) observer.observe(root instanceof Document ? root.documentElement : root, { subtree: true, childList: true, characterData: true });
    },
    changed: () => {
      const changed = observer.takeRecords().length > 0;
      observer.disconnect();
      return changed;
    },
  };
}

/**
 * Reads the fields, pressing a Show control once for any value that is masked, concealed or not shown yet, and
 * watches the page (MutationObserver on the document and every open shadow root, plus a slow re-read for values
 * set without a mutation, such as an input's `.value`) until every required value is found or `waitMs` ends.
 * Each read runs in slices (no long task on a big page); reads never overlap, and the call answers once.
 */
export function extract(request: ExtractRequest): Promise<ExtractAnswer> {
  const progressMode = request.resolveOn === 'progress';
  const revealed: string[] = [];
  const timing = { scanMs: 0, longestTaskMs: 0 };
  const attempt = async (): Promise<ScanResult> => {
    for (let tries = 0; ; tries++) {
      // The document's own structure is watched from the start; shadow roots the walk finds are not (rare, and a
      // later mutation there is seen by the call's own observer).
      const watch = structureWatch();
      watch.watch([document]);
      const { value, timing: slices } = await runSliced(readOnce(request, revealed, watch.changed, tries >= TORN_RETRIES));
      timing.scanMs = slices.busyMs;
      timing.longestTaskMs = Math.max(timing.longestTaskMs, slices.longestMs);
      if (!value.torn || tries >= TORN_RETRIES) return value.result;
    }
  };
  const answer = (result: ScanResult): ExtractAnswer => ({
    mode: 'extract',
    ...here(),
    values: result.values,
    revealed,
    ambiguous: result.ambiguous,
    scanMs: Math.round(timing.scanMs * 10) / 10,
    longestTaskMs: Math.round(timing.longestTaskMs * 10) / 10,
    ...(result.readBack ? { readBack: result.readBack } : {}),
  });
  const knownReadBack = new Set(request.knownReadBack ?? []);
  const newReadBack = (result: ScanResult) => result.readBack !== undefined && !knownReadBack.has(result.readBack.fingerprint);
  const settled = (result: ScanResult) => result.complete || (progressMode && (result.progress || newReadBack(result)));

  return new Promise((resolve) => {
    let done = false;
    const timers: ReturnType<typeof setTimeout>[] = [];
    let observer: MutationObserver | null = null;
    const finish = (result: ScanResult) => {
      if (done) return;
      done = true;
      observer?.disconnect();
      for (const timer of timers) clearTimeout(timer);
      resolve(answer(result));
    };
    // One read at a time: a read asked for while one runs starts when it ends. `final` reads answer whatever they find.
    let running = false;
    let wanted = false;
    let finalWanted = false;
    const observed = new Set<Node>();
    const watchRoots = (roots: (Document | ShadowRoot)[]) => {
      for (const root of roots) {
        if (observed.has(root) || !observer) continue;
        observed.add(root);
        observer.observe(root instanceof Document ? root.documentElement : root, {
          subtree: true,
          childList: true,
          characterData: true,
          attributes: true,
          attributeFilter: ['value', 'href', 'hidden', 'class', 'style', 'aria-hidden', 'type', 'title', 'aria-label'],
        });
      }
    };
    const read = async () => {
      running = true;
      while (wanted && !done) {
        wanted = false;
        const isFinal = finalWanted;
        const result = await attempt();
        if (done) break;
        watchRoots(result.roots);
        if (settled(result) || isFinal) finish(result);
      }
      running = false;
    };
    const readAgain = (final = false) => {
      wanted = true;
      finalWanted ||= final;
      if (!running) void read();
    };

    void (async () => {
      const first = await attempt();
      if (settled(first)) return finish(first);
      if (request.waitMs <= 0) {
        // Give a pressed "Show" one turn to render, then answer.
        if (revealed.length === 0) return finish(first);
        timers.push(setTimeout(() => readAgain(true), 50));
        return;
      }
      let pending = false;
      observer = new MutationObserver(() => {
        if (pending) return;
        pending = true;
        timers.push(
          setTimeout(() => {
            pending = false;
            readAgain();
          }, 25),
        );
      });
      watchRoots(first.roots);
      const poll = () => {
        if (done) return;
        if (!pending && !running) readAgain();
        timers.push(setTimeout(poll, 500));
      };
      timers.push(setTimeout(poll, 500));
      timers.push(setTimeout(() => readAgain(true), request.waitMs));
    })();
  });
}
