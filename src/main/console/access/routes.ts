import { AppError } from '../../../shared/errors';
import { authstringRoute } from './authstring';
import { kubectlRoute } from './kubectl/route';
import { passwordRoute } from './password';
import type { ConsoleRoute } from './route';

/** The ways to reach an admin console, in the order the window offers them. A new route is one line here. */
export const consoleRoutes: readonly ConsoleRoute[] = [passwordRoute, authstringRoute, kubectlRoute];

export function consoleRoute(id: string): ConsoleRoute {
  const route = consoleRoutes.find((candidate) => candidate.id === id);
  if (!route) throw new AppError('INVALID_INPUT', `There is no console route “${id}”.`, `Use one of: ${consoleRoutes.map((r) => r.id).join(', ')}.`);
  return route;
}
