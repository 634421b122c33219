import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { screen, type ScreenRecord } from '../harness/a11y';
import { bootApp, type ShellApp } from '../harness/app-shell';
import { DEMO_ADO, DEMO_ENTRA, expectDemoBanner, expectSaved, pushAndCheck, registerDemoAdo, registerDemoEntra, showChanges, type DemoHost } from '../harness/demo-steps';
import { KOTSADM_POD, KUBECTL_STAND_IN_BIN, kubectlStandIn, NAMESPACE, type KubectlStandIn, type StandInCluster } from '../../test/kubectl/stand-in';

/**
 * One push through each console route, in the wizard of the built app on its own shell (demo mode): the password
 * route refused by an identity-service console and the authstring deploying there, and the admin's kubectl (the
 * stand-in, a real child process on PATH) with each of its refusals on screen. Screens in light and dark, axe on each.
 */
test.describe.configure({ mode: 'serial' });
let app: ShellApp;
let kubectl: KubectlStandIn | undefined;
const records: ScreenRecord[] = [];

test.afterEach(async () => {
  await app?.close();
  kubectl?.remove();
  kubectl = undefined;
});
test.afterAll(() => {
  expect(records.flatMap((r) => r.violations.map((v) => `${r.name} ${v.theme}: ${v.violation.id} (${v.violation.help})`))).toEqual([]);
});

function host(): DemoHost {
  return { page: app.page, azure: async () => (await app.view()).page };
}

async function look(page: Page, name: string): Promise<void> {
  records.push(await screen(page, `route-${name}`));
  // CLI flags belong in CLI output only.
  expect(await page.locator('main').innerText(), name).not.toMatch(/(^|\s)--[a-z][a-z-]+/m);
}

async function demoEnvironment(page: Page): Promise<{ consoleAuthstring: string; consoleClusterUrl: string }> {
  const info = (await page.evaluate(() => window.ads.appInfo({}))) as { ok: true; value: { demoEnvironment: { consoleAuthstring: string; consoleClusterUrl: string } } };
  return info.value.demoEnvironment;
}

test('an identity-service console: the password is refused before it is sent, and the authstring deploys', async () => {
  test.setTimeout(180_000);
  app = await bootApp({ args: ['--demo', '--demo-identity-service'], content: { width: 1280, height: 800 } });
  const { page } = app;
  const password = await expectDemoBanner(page);
  const authstring = (await page.getByTestId('demo-authstring').textContent()) ?? '';
  await registerDemoAdo(host());
  await expectSaved(host(), DEMO_ADO, 'route-ado');
  const panel = page.getByRole('region', { name: 'Admin console' });
  await expect(panel.getByRole('radio', { name: 'Address and password' })).toBeChecked();
  await look(page, '01-route-choice');

  await showChanges(host(), { fields: { 'Console password': password } });
  await expect(panel.getByRole('alert')).toContainText('does not take passwords: it signs admins in through its identity service. The password was not sent.');
  await expect(panel.getByRole('alert')).toContainText('Reach it with its kotsadm authstring (“Address and authstring”) or through kubectl (“Through kubectl”), or export a signed bundle instead.');
  // The form moved on to the authstring.
  await expect(panel.getByRole('radio', { name: 'Address and authstring' })).toBeChecked();
  await expect(panel.getByLabel('kotsadm authstring')).toBeVisible();
  await look(page, '02-identity-service-refusal');

  await panel.getByLabel('kotsadm authstring').fill(authstring);
  await look(page, '03-authstring-field');
  await pushAndCheck(host(), { fields: {} }, 'route-authstring');
});

test('through kubectl: each refusal named on screen, then a push over the port-forward, which ends with the deploy', async () => {
  test.setTimeout(240_000);
  kubectl = kubectlStandIn({ currentContext: 'none', contexts: {}, namespaces: {} });
  // This machine has its own kubectl (/usr/bin): "no kubectl" is a PATH without any.
  const paths = { withKubectl: `${KUBECTL_STAND_IN_BIN}${path.delimiter}${process.env['PATH'] ?? ''}`, without: kubectl.envWithoutKubectl.PATH };
  app = await bootApp({ args: ['--demo'], content: { width: 1280, height: 800 }, env: { PATH: paths.withKubectl, KUBECTL_STAND_IN: kubectl.dir } });
  const { page } = app;
  await expectDemoBanner(page);
  const demo = await demoEnvironment(page);
  const pod = new URL(demo.consoleClusterUrl);
  const cluster = (change: Partial<StandInCluster> = {}, secret = demo.consoleAuthstring): StandInCluster => ({
    currentContext: 'aks-prod',
    contexts: { 'aks-prod': { user: 'jane@contoso.com', namespace: 'default' } },
    namespaces: {
      [NAMESPACE]: {
        pods: [{ name: KOTSADM_POD, labels: { app: 'kotsadm' }, ports: { '3000': `127.0.0.1:${pod.port}` } }],
        secrets: { 'kotsadm-authstring': { 'kotsadm-authstring': secret } },
      },
    },
    ...change,
  });
  kubectl.write(cluster());
  await registerDemoEntra(host());
  await expectSaved(host(), DEMO_ENTRA, 'route-entra');
  const panel = page.getByRole('region', { name: 'Admin console' });
  await panel.getByRole('radio', { name: 'Through kubectl' }).check();
  await expect(panel.getByLabel('Console address')).toHaveCount(0);
  await look(page, '04-kubectl-fields');

  const refusal = async (name: string, text: string | RegExp, fields: Record<string, string>, setUp: () => void, undo: () => void) => {
    setUp();
    await showChanges(host(), { fields });
    await expect(panel.getByRole('alert')).toContainText(text);
    await look(page, name);
    undo();
  };
  const namespace = { 'Namespace (optional)': NAMESPACE, 'Kubernetes context (optional)': '' };
  await refusal('05-kubectl-missing', 'kubectl was not found on this computer (not on PATH)', namespace, () => (process.env['PATH'] = paths.without), () => (process.env['PATH'] = paths.withKubectl));
  await refusal('06-kubectl-no-context', 'kubectl has no context “aks-staging” in its kubeconfig.', { ...namespace, 'Kubernetes context (optional)': 'aks-staging' }, () => undefined, () => undefined);
  await refusal('07-kubectl-no-kotsadm', 'There is no kotsadm-authstring secret in namespace default', { 'Namespace (optional)': 'default', 'Kubernetes context (optional)': '' }, () => undefined, () => undefined);
  await refusal('08-kubectl-rbac-secrets', `The cluster does not allow jane@contoso.com to get secrets in namespace ${NAMESPACE}`, namespace, () => kubectl?.write(cluster({ forbidden: [{ verb: 'get', resource: 'secrets' }] })), () => kubectl?.write(cluster()));
  await refusal('09-kubectl-rbac-portforward', `The cluster does not allow jane@contoso.com to create pods/portforward in namespace ${NAMESPACE}`, namespace, () => kubectl?.write(cluster({ forbidden: [{ verb: 'create', resource: 'pods/portforward' }] })), () => kubectl?.write(cluster()));
  await refusal('10-kubectl-authstring-refused', 'refused the authstring its own kotsadm-authstring secret holds', namespace, () => kubectl?.write(cluster({}, 'Kots not-the-demo-authstring-0123456')), () => kubectl?.write(cluster()));
  // None of these left a port-forward running, nor sent anything to the console but the refused authstring's one check.
  expect(kubectl.forwards().every((f) => f.ended !== undefined)).toBe(true);

  await pushAndCheck(host(), { fields: namespace }, 'route-kubectl', async () => {
    const progress = panel.getByTestId('console-progress');
    await progress.getByText('Steps so far').click();
    await expect(progress.getByRole('list', { name: 'Steps so far' })).toContainText(/logged in to kotsadm via kubectl \(current context, namespace deepsource-application\) over port-forward 127\.0\.0\.1:\d+ → pod kotsadm-7c9d5b8f6-q2x8z:3000/);
    await look(page, '11-kubectl-progress');
  });
  // The deploy ended, and with it the session: its port-forward is gone. Only the three calls kubectl may make were made.
  expect(kubectl.forwards().at(-1)?.ended).toBe('SIGTERM');
  expect(new Set(kubectl.argvs().map((argv) => argv.slice(0, 2).join(' ')))).toEqual(new Set(['get secret', 'get pods', `port-forward pod/${KOTSADM_POD}`]));
});

test('through kubectl: a port-forward that dies while the deploy is followed is named, with what was done', async () => {
  test.setTimeout(180_000);
  kubectl = kubectlStandIn({ currentContext: 'none', contexts: {}, namespaces: {} });
  app = await bootApp({ args: ['--demo'], content: { width: 1280, height: 800 }, env: { PATH: `${KUBECTL_STAND_IN_BIN}${path.delimiter}${process.env['PATH'] ?? ''}`, KUBECTL_STAND_IN: kubectl.dir } });
  const { page } = app;
  await expectDemoBanner(page);
  const demo = await demoEnvironment(page);
  kubectl.write({
    currentContext: 'aks-prod',
    contexts: { 'aks-prod': { user: 'jane@contoso.com', namespace: NAMESPACE } },
    namespaces: { [NAMESPACE]: { pods: [{ name: KOTSADM_POD, labels: { app: 'kotsadm' }, ports: { '3000': `127.0.0.1:${new URL(demo.consoleClusterUrl).port}` } }], secrets: { 'kotsadm-authstring': { 'kotsadm-authstring': demo.consoleAuthstring } } } },
  });
  await registerDemoAdo(host());
  await expectSaved(host(), DEMO_ADO, 'route-ado-lost');
  const panel = await showChanges(host(), { route: 'Through kubectl', fields: {} });
  await expect(panel.getByRole('table', { name: 'Planned changes' })).toBeVisible({ timeout: 20_000 });
  await panel.getByRole('button', { name: 'Save and deploy' }).click();
  await expect(panel.getByTestId('console-progress')).toContainText('deploy of version', { timeout: 20_000 });
  process.kill(kubectl.forwards()[0]?.pid ?? 0, 'SIGUSR1');
  await expect(panel.getByRole('alert')).toContainText('The kubectl port-forward to kotsadm in the context’s own namespace exited (1) during the push: “lost connection to pod”.', { timeout: 20_000 });
  // What was done is shown with it: saved and verified, the deploy started, its follow lost.
  await panel.getByText('What was done').click();
  await expect(panel.getByRole('list', { name: 'Push steps' })).toContainText('Verify the saved version: read version 1 back');
  await look(page, '12-kubectl-forward-lost');
});

test('through kubectl: quitting the app while a plan is shown ends its port-forward', async () => {
  test.setTimeout(120_000);
  kubectl = kubectlStandIn({ currentContext: 'none', contexts: {}, namespaces: {} });
  app = await bootApp({ args: ['--demo'], env: { PATH: `${KUBECTL_STAND_IN_BIN}${path.delimiter}${process.env['PATH'] ?? ''}`, KUBECTL_STAND_IN: kubectl.dir } });
  const { page } = app;
  await expectDemoBanner(page);
  const demo = await demoEnvironment(page);
  kubectl.write({
    currentContext: 'aks-prod',
    contexts: { 'aks-prod': { namespace: NAMESPACE } },
    namespaces: { [NAMESPACE]: { pods: [{ name: KOTSADM_POD, labels: { app: 'kotsadm' }, ports: { '3000': `127.0.0.1:${new URL(demo.consoleClusterUrl).port}` } }], secrets: { 'kotsadm-authstring': { 'kotsadm-authstring': demo.consoleAuthstring } } } },
  });
  await registerDemoAdo(host());
  await expectSaved(host(), DEMO_ADO, 'route-ado-quit');
  const panel = await showChanges(host(), { route: 'Through kubectl', fields: {} });
  await expect(panel.getByRole('table', { name: 'Planned changes' })).toBeVisible({ timeout: 20_000 });
  expect(kubectl.forwards().map((f) => f.ended)).toEqual([undefined]);
  await app.close();
  expect(kubectl.forwards().map((f) => f.ended)).toEqual(['SIGTERM']);
});
