/** The Azure clouds an Entra app can live in (kept apart so the profile schema and the Graph contract share it). */
export const entraClouds = ['public', 'usgov', 'china'] as const;
export type EntraCloud = (typeof entraClouds)[number];
export const ENTRA_CLOUD_NAMES: Readonly<Record<EntraCloud, string>> = { public: 'Azure (global)', usgov: 'Azure US Government', china: 'Azure China (21Vianet)' };
