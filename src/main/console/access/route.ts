import type { z } from 'zod';
import type { ConsoleRouteView } from '../../../shared/console';
import type { ConsoleBinding, Profile } from '../../../shared/profile';
import type { ConsoleState, ConsoleContact } from '../console-state';
import type { KotsClient } from '../kots-client';
import type { ConsoleTransport, TransportFactory } from '../transport';
import type { TrustChange } from '../trust';

/**
 * A console route: one way to reach and sign in to a KOTS admin console (its address and password, its address and
 * the kotsadm authstring, or the admin's own kubectl). A route declares its options once, for the window and the
 * command line, and turns them into a signed-in `KotsClient` (a `ConsoleApi`); plan, save, deploy and follow run on
 * that client whatever the route. The routes are listed in routes.ts.
 */

/** The values of a route's options for one call: given now, or kept from the route's last use (settings). */
export type RouteValues = Readonly<Record<string, string | boolean | undefined>>;

/** One option of a route, declared once for the window (label, help) and the command line (flag, usage). */
export interface RouteOption {
  /** Its key in `access.values` (IPC, --json) and in the profile's kept settings. */
  name: string;
  /** text: kept in the profile (not secret); secret: used for one login, kept only in the keychain if remembered; remember: keep the secret. */
  kind: 'text' | 'secret' | 'remember';
  label: string;
  placeholder?: string;
  /** Said under the field in the window. */
  help?: string;
  /** The command line: a secret is read from standard input with its flag, a text takes its value, remember is a switch. */
  cli: { flag: string; usage: string; metavar?: string };
  /** A secret's environment variable on the command line (read when its flag is not given). */
  env?: string;
  /** A secret: the question on a terminal, and what to say when it is needed but missing. */
  ask?: { prompt: string; missing: string; remedy: string };
  /** A text value's shape (refused with its message otherwise). */
  check?: z.ZodType<string>;
}

/** Which console a call names, as the trust decisions and the plans name it. */
export interface RouteTarget {
  consoleUrl?: string | undefined;
  trustFingerprint?: string | undefined;
  caFile?: string | undefined;
}

/** What a route gets to reach the console: the profile, the call's values and the shared services of console/. */
export interface RouteContext {
  profile: Profile;
  target: RouteTarget;
  values: RouteValues;
  /** The console this call names (`identity`). */
  identity: string;
  /** The admin confirmed another console than the established one: nothing stored about the old one applies. */
  moving: boolean;
  state: ConsoleState;
  /** Asks the admin (in the main process) to confirm a trust change; throws the refusal when it is not confirmed. */
  confirm: (change: TrustChange) => Promise<void>;
  transport: TransportFactory;
  client: (baseUrl: string, transport: ConsoleTransport) => KotsClient;
  readCaFile: (path: string) => Promise<string>;
  /** A secret option's value: given now, remembered for exactly this binding, or asked (a terminal); else NEEDS_PASSWORD. */
  secret: (option: RouteOption, binding: ConsoleBinding) => Promise<string>;
  /** The environment a route's tools run in (PATH, KUBECONFIG): the process's own, unless a test gives another. */
  env: Readonly<Record<string, string | undefined>>;
  /** Tells the logger a secret the route learned (the authstring kubectl read). */
  keepOutOfLogs: (value: string) => void;
}

/** A route ready to connect: the binding says which console and trust it will use (a session is reused while it holds). */
export interface PreparedAccess {
  binding: ConsoleBinding;
  connect: () => Promise<OpenedAccess>;
}

/** A signed-in console: its client, how to end the connection, and what the profile keeps once it worked. */
export interface OpenedAccess {
  client: KotsClient;
  /** Ends the route's connection (a browser session, a port-forward); resolves once it ended. */
  close: () => Promise<void>;
  /** How it is connected, said after "logged in to <console>" (the kubectl route: its port-forward). */
  detail?: string;
  /** Whether the connection still stands (a port-forward can die while idle); absent: as long as it is signed in. */
  alive?: () => boolean;
  contact: Pick<ConsoleContact, 'url' | 'pinnedFingerprint' | 'caFile'>;
  /** The secret to keep in the keychain (the admin asked to remember it), bound to `binding`. */
  remember?: string;
}

export interface ConsoleRoute {
  id: string;
  /** The window's name for it ("Through kubectl"), and one sentence on when to use it. */
  title: string;
  summary: string;
  /** Goes to the console's address (TLS, the pin and a CA file apply); otherwise the route finds the console itself. */
  usesAddress: boolean;
  /** What the window says while it connects. */
  connecting: string;
  options: readonly RouteOption[];
  /** The console the values name: an origin, or the route's own name for it (kubectl's context and namespace). */
  identity: (values: RouteValues, url: string | undefined) => string;
  prepare: (context: RouteContext) => Promise<PreparedAccess>;
}

/** What the window is told about a route. */
export function routeView(route: ConsoleRoute): ConsoleRouteView {
  return {
    id: route.id,
    title: route.title,
    summary: route.summary,
    usesAddress: route.usesAddress,
    connecting: route.connecting,
    fields: route.options.map((option) => ({
      name: option.name,
      kind: option.kind,
      label: option.label,
      ...(option.placeholder ? { placeholder: option.placeholder } : {}),
      ...(option.help ? { help: option.help } : {}),
    })),
  };
}
