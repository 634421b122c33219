import { describe, expect, it } from 'vitest';
import { clampToContent } from './view-bounds';

const content = { width: 1200, height: 800 };

describe('the registration view over its placeholder', () => {
  it('takes the placeholder as it is when it fits', () => {
    expect(clampToContent({ x: 300, y: 200, width: 600, height: 400 }, content)).toEqual({ x: 300, y: 200, width: 600, height: 400 });
  });

  it('is cut to the visible part when the placeholder is scrolled partly out of the window', () => {
    expect(clampToContent({ x: 300, y: -150, width: 600, height: 400 }, content)).toEqual({ x: 300, y: 0, width: 600, height: 250 });
    expect(clampToContent({ x: 300, y: 600, width: 600, height: 400 }, content)).toEqual({ x: 300, y: 600, width: 600, height: 200 });
    expect(clampToContent({ x: -20, y: 10, width: 1300, height: 900 }, content)).toEqual({ x: 0, y: 10, width: 1200, height: 790 });
  });

  it('is hidden when nothing of the placeholder is visible, or the placeholder is gone', () => {
    expect(clampToContent({ x: 300, y: -500, width: 600, height: 400 }, content)).toBeNull();
    expect(clampToContent({ x: 300, y: 900, width: 600, height: 400 }, content)).toBeNull();
    expect(clampToContent({ x: 0, y: 0, width: 0, height: 0 }, content)).toBeNull();
    expect(clampToContent({ x: Number.NaN, y: 0, width: 10, height: 10 }, content)).toBeNull();
  });
});
