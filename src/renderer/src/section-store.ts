import { createContext, useContext } from 'react';
import type { StoreApi, UseBoundStore } from 'zustand';

export type StoreHook<S> = UseBoundStore<StoreApi<S>>;

/**
 * A store kept per section (the wizard, Tools, Installations), so a section never shows another's flow, push or
 * check: `wizard` is the wizard's own, `Scope` hands a section its store (the wizard's by default), and
 * `useSectionStore` selects from the store of the section it is rendered in.
 */
export function sectionStores<S>(create: () => StoreHook<S>) {
  const wizard = create();
  const Scope = createContext<StoreHook<S>>(wizard);
  function useSectionStore<T>(selector: (state: S) => T): T {
    return useContext(Scope)(selector);
  }
  return { wizard, Scope, useSectionStore };
}
