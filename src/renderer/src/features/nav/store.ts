import { create } from 'zustand';

export const views = ['setup', 'installations', 'verify', 'tools', 'settings'] as const;
export type View = (typeof views)[number];

export const VIEW_LABEL: Record<View, string> = {
  setup: 'Set up',
  installations: 'Installations',
  verify: 'Verify bundle',
  tools: 'Tools',
  settings: 'Settings',
};

interface NavStore {
  view: View;
  go: (view: View) => void;
}

export const useNavStore = create<NavStore>((set) => ({
  view: 'setup',
  go: (view) => set({ view }),
}));
