import { describe, expect, it } from 'vitest';
import { codeRuns, forWindow } from './window-text';

describe('remedies in the window', () => {
  it.each([
    ['See the installations under Installations (command line: `ads-setup profile list`).', 'See the installations under Installations.'],
    ['Give the installation another name (command line: --id).', 'Give the installation another name.'],
    ['Export a bundle once (Set up → Deliver, or `ads-setup bundle export`): the key is created then.', 'Export a bundle once (Set up → Deliver): the key is created then.'],
    ['Run the check from the desktop app, or with `ads-setup signin-check`.', 'Run the check from the desktop app.'],
    ['Compare the fingerprints; command line: --trust-fingerprint with the new fingerprint. Otherwise stop.', 'Compare the fingerprints. Otherwise stop.'],
    ['Add the console address (Installations → Edit; command line: --console https://host:8800).', 'Add the console address (Installations → Edit).'],
  ])('%s', (remedy, shown) => {
    expect(forWindow(remedy)).toBe(shown);
  });

  it('leaves a remedy without command-line parts alone', () => {
    expect(forWindow('Restart the app and try again.')).toBe('Restart the app and try again.');
    expect(forWindow(undefined)).toBeUndefined();
  });
});

describe('names written between backticks', () => {
  it('are cut out as code runs, the rest stays plain text', () => {
    expect(codeRuns('Run `kubectl get pods -n default` on the host, then retry.')).toEqual([
      { text: 'Run ', code: false },
      { text: 'kubectl get pods -n default', code: true },
      { text: ' on the host, then retry.', code: false },
    ]);
  });

  it('leave a lone backtick and text without any as they are', () => {
    expect(codeRuns('A ` alone')).toEqual([{ text: 'A ` alone', code: false }]);
    expect(codeRuns('plain')).toEqual([{ text: 'plain', code: false }]);
  });
});
