/**
 * The names of every IPC channel. Kept apart from the zod schemas so the sandboxed preload can build its API
 * without bundling zod; `contract.ts` is type-checked to cover exactly these names.
 */
export const channels = [
  'appInfo',
  'providerList',
  'profileList',
  'profileGet',
  'profileCreate',
  'profileUpdate',
  'profileDelete',
  'secretSet',
  'secretStatus',
  'secretForget',
  'webhookSecretGenerate',
  'bundleSigningKey',
  'bundleExport',
  'bundleVerify',
  'bundleSaveHostScript',
  'bundleDiscoveryScript',
  'bundleReadDiscovery',
  'profileSetMapping',
  'registrationStart',
  'registrationState',
  'registrationNavigate',
  'registrationExtract',
  'registrationPick',
  'registrationCancelPick',
  'registrationEnd',
  'registrationSetBounds',
  'registrationFocus',
  'registrationOpenPage',
  'registrationSave',
  'secretRotateStart',
  'consoleRoutes',
  'graphStart',
  'graphState',
  'graphDecide',
  'graphCancel',
  'graphCheck',
  'graphRetireSecret',
  'secretProve',
  'consolePlan',
  'consoleApply',
  'consoleDeploy',
  'consoleStatus',
  'consoleFollow',
  'consoleProgress',
  'signinProbe',
  'signinStart',
  'signinState',
  'signinEnd',
  'signinSetBounds',
] as const;

export type Channel = (typeof channels)[number];

/** The wire name of a channel: namespaced so no Electron-internal or third-party channel can collide. */
export function wireName(channel: Channel): string {
  return `ads:${channel}`;
}
