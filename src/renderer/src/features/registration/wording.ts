import type { RegistrationState, SignInAudience } from '../../../../shared/registration';
import type { SignInProbe } from '../../../../shared/signin';

/**
 * What the registration panel claims about the values, in one place: each sentence names how a value was got (read
 * off Azure's page, picked by the admin, or made by this app from other values) and is said only when that happened.
 */
type Field = RegistrationState['fields'][number];
type Check = RegistrationState['checks'][number];
type Prefill = NonNullable<RegistrationState['prefill']>;

/** The checks about one field: app-id-format → appId, client-secret-not-masked → clientSecret… */
function slugOf(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
const checksOf = (state: RegistrationState, field: Field) => state.checks.filter((check) => check.id === slugOf(field.key) || check.id.startsWith(`${slugOf(field.key)}-`));
/** Not checked yet (the admin has not got to the page that shows it): waiting, not a failure. */
export const isWaiting = (check: Check) => check.pending === true;

export function statusOf(state: RegistrationState, field: Field): { tone: 'waiting' | 'ok' | 'bad'; text: string } {
  const failed = checksOf(state, field).filter((check) => !check.ok && !isWaiting(check));
  if (field.status === 'rejected') return { tone: 'bad', text: 'refused' };
  if (field.status === 'missing') return { tone: 'waiting', text: 'waiting' };
  if (failed.some((check) => check.id === 'client-secret-not-masked')) return { tone: 'bad', text: 'masked: create a new one' };
  if (failed.length > 0) return { tone: 'bad', text: 'needs a look' };
  // A value the app made from others (Entra's authorize URL from the two IDs) was not found anywhere: it says so.
  return { tone: 'ok', text: field.source === 'pick' ? 'found (picked)' : field.source === 'built' ? 'made from the IDs' : 'found' };
}

/** The sentence once every value is in: read from Azure, with the read-back and what the app made itself named. */
export function completeSentence(state: RegistrationState): string {
  const readBack = state.readBack && Object.keys(state.readBack).length > 0 ? ', with the app’s settings read back from its pages' : '';
  const built = state.fields.some((field) => field.key === 'authorizeUrl' && field.source === 'built') ? '; the authorize URL is made by this app from the IDs' : '';
  return `Every value read from Azure and checked${readBack}${built}.`;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What prefill did, counted: only what it did itself (a box the page had ticked is the page's, never counted). */
export function prefillSummary(prefill: Prefill): string {
  return [
    count(prefill.filled.length, 'field'),
    ...(prefill.chosen.length > 0 ? [count(prefill.chosen.length, 'choice')] : []),
    ...(prefill.ticked.length > 0 ? [`${count(prefill.ticked.length, 'scope')} ticked`] : []),
    ...(prefill.unticked.length > 0 ? [`${count(prefill.unticked.length, 'box', 'boxes')} unticked`] : []),
  ].join(', ');
}

/** The portal's own words for the account type the form is filled in with. */
export const ACCOUNT_TYPE_WORDS: Readonly<Record<SignInAudience, string>> = {
  AzureADMyOrg: 'account type “Accounts in this organizational directory only (Single tenant)”',
  AzureADMultipleOrgs: 'account type “Accounts in any organizational directory (Multitenant)”',
  AzureADandPersonalMicrosoftAccount: 'account type “Accounts in any organizational directory and personal Microsoft accounts”',
  PersonalMicrosoftAccount: 'account type “Personal Microsoft accounts only”',
};

/** What the probe found, in one sentence: where DeepSource sends users (or that it could not be looked at), and what follows. */
export function probeSentence(probe: SignInProbe): string {
  // Without a look, `why` already says that it could not look, and why.
  const seen = probe.observed ? `DeepSource’s login was followed to ${probe.observed.authorityHost}${probe.observed.tenant ? `/${probe.observed.tenant}` : ''} (Azure’s page was not loaded). ` : '';
  const callback = probe.callbackTrailingSlash === null ? '' : ` The app is registered with the callback form DeepSource sends (${probe.callbackTrailingSlash ? 'with' : 'without'} the trailing slash).`;
  return `${seen}${probe.why} The new app gets the ${ACCOUNT_TYPE_WORDS[probe.audience]}.${callback}`;
}
