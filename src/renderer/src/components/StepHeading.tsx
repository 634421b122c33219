import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A screen's heading that takes the focus when it appears, so a step change is announced and the keyboard starts
 * there (instead of falling back to the page's body).
 */
export function StepHeading({ id, children, level = 2 }: { id: string; children: ReactNode; level?: 2 | 3 }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, []);
  const Tag = level === 2 ? 'h2' : 'h3';
  return (
    <Tag id={id} ref={ref} tabIndex={-1} className="step-heading">
      {children}
    </Tag>
  );
}
