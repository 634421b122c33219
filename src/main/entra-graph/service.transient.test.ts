// Graph's passing answers, through the double (real MSAL Node, real keychain): new objects that replicate (404
// Request_ResourceNotFound, 400 NoBackingApplicationObject), 429/503 with Retry-After, the resume of a half-done run by
// the object id it holds, and a tenant policy that forbids client secrets. Waits go to the test clock, never real time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAtEntra } from '../../../test/entra/double';
import { ADMIN, CONTOSO, entraFixture, type EntraFixture } from '../../../test/entra/service-fixture';
import { graphRunStateSchema, type GraphRunOptions } from '../../shared/entra-graph';

const OPTIONS: GraphRunOptions = { cloud: 'public', secretDays: 180, grantConsent: false };
let f: EntraFixture;

beforeAll(async () => {
  f = await entraFixture(CONTOSO);
  // One sign-in for the file, with the consent permission too: every run after it is silent.
  const first = await f.service.start(await profile('warm-up', 'Warm'), 'new', { ...OPTIONS, grantConsent: true });
  await signInAtEntra(await f.browser.nextPage(), { ...ADMIN, consent: 'accept' });
  expect((await f.service.finished(first.runId)).phase).toBe('done');
}, 60_000);
afterAll(async () => {
  await f?.close();
});

async function profile(id: string, organization: string) {
  await f.vault.create({ id, label: id, hostname: `${id}.contoso.example`, organization, provider: 'entra' });
  return id;
}

async function run(id: string, options: GraphRunOptions = OPTIONS) {
  return f.service.finished((await f.service.start(id, 'new', options)).runId);
}

/** The run's Graph calls with this app's ids as {id} / {appId}. */
const callsOf = (calls: string[], app: { id: string; appId: string }) => calls.map((c) => c.replace(app.id, '{id}').replace(app.appId, '{appId}'));
const waitedSince = (from: number) => f.clock.waits.slice(from);

describe('replication right after POST /applications', () => {
  it('the service principal, the consent grant, addPassword and the read-back wait for the new objects: one app, every check passes', async () => {
    const id = await profile('lagging', 'Lagging');
    f.double.directory.newObjectLag = 2;
    const from = f.clock.waits.length;
    const state = await run(id, { ...OPTIONS, grantConsent: true });
    f.double.directory.newObjectLag = 0;
    expect(state.error).toBeNull();
    expect(state.phase).toBe('done');
    expect(state.checks.map((c) => [c.id, c.ok])).toEqual([['graph-redirect-uri', true], ['graph-scopes', true], ['graph-service-principal', true], ['graph-account-type', true], ['graph-consent', true], ['graph-secret', true]]);
    const apps = f.double.tenant.applications.filter((a) => a.displayName === 'DeepSource Lagging');
    expect(apps).toHaveLength(1);
    const calls = callsOf(state.calls, apps[0]!);
    // Graph's own answers while the app replicates: no application behind the appId, then the service principal.
    expect(calls.filter((c) => c.startsWith('POST /servicePrincipals'))).toEqual(['POST /servicePrincipals → 400', 'POST /servicePrincipals → 400', 'POST /servicePrincipals → 201']);
    expect(calls.filter((c) => c.startsWith('POST /oauth2PermissionGrants'))).toEqual(['POST /oauth2PermissionGrants → 404', 'POST /oauth2PermissionGrants → 404', 'POST /oauth2PermissionGrants → 201']);
    expect(calls.filter((c) => c.startsWith('POST /applications/{id}/addPassword'))).toEqual(['POST /applications/{id}/addPassword → 200']);
    expect(state.proof).toMatchObject({ status: 'proven' });
    // Backoff on the test clock: 2 s then 4 s per lagging call.
    expect(waitedSince(from).slice(0, 4)).toEqual([2_000, 4_000, 2_000, 4_000]);
    graphRunStateSchema.parse(state);
  });

  it('an object still unknown after the bounded wait: the run stops as incomplete (Finish or Delete), after at most 90 s', async () => {
    const id = await profile('stuck', 'Stuck');
    f.double.directory.newObjectLag = 1_000;
    const from = f.clock.waits.length;
    const state = await run(id);
    f.double.directory.newObjectLag = 0;
    const app = f.double.tenant.applications.find((a) => a.displayName === 'DeepSource Stuck')!;
    f.double.directory.lag(app.id, 0);
    expect(state).toMatchObject({ phase: 'failed', error: { code: 'REGISTRATION_INCOMPLETE' }, incomplete: { appId: app.appId, servicePrincipal: false, passwords: 0 } });
    const waited = waitedSince(from).reduce((sum, ms) => sum + ms, 0);
    expect(waited).toBeGreaterThanOrEqual(60_000);
    expect(waited).toBeLessThanOrEqual(90_000);
    f.service.decide(state.runId, 'delete');
    expect((await f.service.finished(state.runId)).phase).toBe('deleted');
    expect(f.double.tenant.applications.some((a) => a.appId === app.appId)).toBe(false);
  });
});

describe('resuming a half-done run', () => {
  it('Finish reads the app by the object id the run holds (retrying 404) and never creates a second one', async () => {
    const id = await profile('resume', 'Resume');
    f.double.graph.failNext({ method: 'POST', path: /addPassword$/, status: 500, code: 'InternalServerError', message: 'Internal Server Error' });
    const failed = await run(id);
    expect(failed).toMatchObject({ phase: 'failed', incomplete: { displayName: 'DeepSource Resume', missing: ['a client secret'] } });
    const objectId = failed.incomplete!.objectId;
    // A replica that has not got the app yet: a list by name misses it, and so does the first read by id.
    f.double.directory.lag(objectId, 1);
    f.service.decide(failed.runId, 'reuse');
    const done = await f.service.finished(failed.runId);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ phase: 'done', result: { objectId, reused: true } });
    expect(f.double.tenant.applications.filter((a) => a.displayName === 'DeepSource Resume')).toHaveLength(1);
    const app = f.double.tenant.applications.find((a) => a.id === objectId)!;
    // A decision starts a new Graph client: these are the finishing run's calls only.
    const resumed = callsOf(done.calls, app);
    expect(resumed.slice(0, 3)).toEqual(["GET /servicePrincipals(appId='499b84ac-1321-427f-aa17-267ca6975798') → 200", 'GET /applications/{id} → 404', 'GET /applications/{id} → 200']);
    expect(resumed.filter((c) => c.startsWith('POST /applications →'))).toEqual([]);
    expect((await f.vault.get(id)).azure.objectId).toBe(objectId);
  });
});

describe('429 and 503: Retry-After honoured a few times', () => {
  it('a throttled POST /applications is repeated after Retry-After: one app, the run done', async () => {
    const id = await profile('throttled', 'Throttled');
    f.double.graph.failNext({ method: 'POST', path: /^\/applications$/, status: 429, code: 'TooManyRequests', message: 'Too many requests.', retryAfter: 7 });
    f.double.graph.failNext({ method: 'POST', path: /^\/servicePrincipals$/, status: 503, code: 'serviceNotAvailable', message: 'Service unavailable.', retryAfter: 3 });
    const from = f.clock.waits.length;
    const state = await run(id);
    expect(state.error).toBeNull();
    expect(state.phase).toBe('done');
    expect(waitedSince(from).slice(0, 2)).toEqual([7_000, 3_000]);
    const app = f.double.tenant.applications.find((a) => a.displayName === 'DeepSource Throttled')!;
    expect(f.double.tenant.applications.filter((a) => a.displayName === 'DeepSource Throttled')).toHaveLength(1);
    const calls = callsOf(state.calls, app);
    expect(calls.filter((c) => /^POST \/(applications|servicePrincipals) /.test(c))).toEqual(['POST /applications → 429', 'POST /applications → 201', 'POST /servicePrincipals → 503', 'POST /servicePrincipals → 201']);
  });

  it('throttled on every try: after three repeats the refusal stands, and nothing was made', async () => {
    const id = await profile('throttled-out', 'ThrottledOut');
    for (let i = 0; i < 4; i++) f.double.graph.failNext({ method: 'POST', path: /^\/applications$/, status: 429, code: 'TooManyRequests', message: 'Too many requests.', retryAfter: 30 });
    const from = f.clock.waits.length;
    const state = await run(id);
    expect(state).toMatchObject({ phase: 'failed', incomplete: null, error: { code: 'GRAPH_REFUSED' } });
    expect(state.error!.message).toContain('429 TooManyRequests');
    expect(waitedSince(from)).toEqual([30_000, 30_000, 30_000]);
    expect(state.calls.filter((c) => c === 'POST /applications → 429')).toHaveLength(4);
    expect(f.double.tenant.applications.some((a) => a.displayName === 'DeepSource ThrottledOut')).toBe(false);
  });
});

describe('a tenant policy that forbids client secrets', () => {
  it('CredentialTypeNotAllowedAsPerAppPolicy: its own message and remedy; the run ends incomplete with Finish or Delete', async () => {
    const id = await profile('no-secrets', 'NoSecrets');
    f.double.tenant.clientSecretsForbidden = true;
    const state = await run(id);
    f.double.tenant.clientSecretsForbidden = false;
    expect(state).toMatchObject({ phase: 'failed', error: { code: 'REGISTRATION_INCOMPLETE' }, incomplete: { displayName: 'DeepSource NoSecrets', servicePrincipal: true, passwords: 0, missing: ['a client secret'] } });
    expect(state.error!.message).toContain('Your tenant’s app management policy does not allow client secrets');
    expect(state.error!.message).toContain('CredentialTypeNotAllowedAsPerAppPolicy');
    expect(state.error!.message).not.toContain('busy');
    expect(state.error!.remedy).toMatch(/exception/i);
    expect(state.error!.remedy).toMatch(/certificate/i);
    expect((await f.vault.get(id)).azure).toEqual({});
    graphRunStateSchema.parse(state);
    f.service.decide(state.runId, 'delete');
    expect((await f.service.finished(state.runId)).phase).toBe('deleted');
  });
});
