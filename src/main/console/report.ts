import type { PushProgress, PushStep } from '../../shared/console';
import { AppError } from '../../shared/errors';

export interface ProgressEvent {
  step: PushStep['step'];
  detail: string;
}
export type OnProgress = (event: ProgressEvent) => void;

/** Collects a call's steps for its report; while the call runs, it is also what `progress()` answers. */
export class ReportBuilder {
  readonly steps = new Map<PushStep['step'], PushStep>();
  running = true;
  deploy: PushProgress['deploy'];
  constructor(
    readonly profileId: string,
    private readonly progress: OnProgress | undefined,
  ) {}
  done(step: PushStep['step'], detail: string): void {
    this.steps.set(step, { step, status: 'done', detail });
    this.progress?.({ step, detail });
  }
  failed(step: PushStep['step'], detail: string): void {
    this.steps.set(step, { step, status: 'failed', detail });
    this.progress?.({ step, detail });
  }
  skipped(step: PushStep['step'], detail: string): void {
    this.steps.set(step, { step, status: 'skipped', detail });
  }
  list(order: readonly PushStep['step'][]): PushStep[] {
    return order.map((step) => this.steps.get(step) ?? { step, status: 'not-started', detail: 'not done' });
  }
  snapshot(): PushProgress {
    return { running: this.running, steps: [...this.steps.values()], ...(this.deploy ? { deploy: { ...this.deploy } } : {}) };
  }
}

/** A failure inside a step, as a typed error: unknown errors may carry secrets, so they become a generic sentence. */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('INTERNAL', 'The console push failed unexpectedly.', 'Run it again; the report shows which steps were done.');
}

/** Turns the console's item names in a rejection into the titles and roles the admin knows. */
export function explainRejection(error: AppError, titles: Map<string, string>): AppError {
  const rejected = error as AppError & { requiredItems?: string[]; validationErrors?: Array<{ item_errors?: Array<{ name: string; validation_errors?: Array<{ message: string }> | null }> | null }> };
  if (error.code !== 'CONSOLE_REJECTED') return error;
  const titleOf = (name: string) => titles.get(name) ?? name;
  const parts: string[] = [];
  if (rejected.requiredItems && rejected.requiredItems.length > 0) parts.push(`required but empty: ${rejected.requiredItems.map(titleOf).join(', ')}`);
  for (const group of rejected.validationErrors ?? []) {
    for (const item of group.item_errors ?? []) {
      parts.push(`${titleOf(item.name)}: ${(item.validation_errors ?? []).map((v) => v.message).join('; ') || 'invalid'}`);
    }
  }
  if (parts.length === 0) return error;
  return new AppError('CONSOLE_REJECTED', `${error.message} — ${parts.join(' · ')}. Nothing was saved.`, error.remedy);
}
