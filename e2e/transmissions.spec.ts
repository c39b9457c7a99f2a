// Transmissions LRM in a real browser against a real broker: appointments received by the gateway are seen
// acknowledged by push; an LRM that rejects makes them fail with the Hub's 500; "retry all filtered" with its
// confirmation sends them again and they end acknowledged.
import { psAppointment } from '../testing/fixtures';
import { consoleApi } from '../testing/console-api';
import { FIXTURE_PRACTITIONER, FIXTURE_REGULATOR_IDNPS, hubConnectionInput, type HubPeers, sendAppointment, startHubPeers } from '../testing/hub-fixtures';
import { HUB_TEST_IDS } from '../testing/hub-pki';
import { expect, test } from './headless-fixture';

let peers: HubPeers;
test.beforeAll(async ({}, testInfo) => { // eslint-disable-line no-empty-pattern -- Playwright hook signature
  testInfo.setTimeout(180_000);
  peers = await startHubPeers();
});
test.afterAll(async ({}, testInfo) => { // eslint-disable-line no-empty-pattern -- Playwright hook signature
  testInfo.setTimeout(120_000);
  await peers?.stop();
});

test('an operator sees appointments acknowledged by push, failures from a rejecting LRM, retries all filtered and sees them acknowledged', async ({ page, host }) => {
  test.setTimeout(120_000);
  const api = consoleApi(host);
  await api.call('regulators.save', { nationalId: FIXTURE_REGULATOR_IDNPS, familyName: 'Régulier', givenName: 'Anne', email: 'anne.regulier@samu-test.fr', active: true, samu: HUB_TEST_IDS.samu330 });
  await api.call('directory.save', { entry: { kind: 'practitioner', id: FIXTURE_PRACTITIONER, name: 'Martin', firstName: 'Paul', specialtyCode: 'SM54', professionCode: '10', postalCode: '33000' } });
  await api.call('hub.saveConnection', { connection: hubConnectionInput(peers) });

  // The connection as the settings page tests it: each step, and the status bar once connected.
  await page.goto(host.console);
  await expect(page.getByTestId('hub-status')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await page.getByRole('link', { name: 'Paramètres' }).click();
  await page.getByTestId('settings-tab-hub').click();
  await page.getByTestId('hub-test-connection').click();
  for (const step of ['tls', 'auth', 'exchange']) await expect(page.getByTestId(`hub-check-${step}`)).toHaveAttribute('data-ok', 'true');

  await page.getByRole('link', { name: 'Transmissions LRM' }).click();
  const delivered = [];
  for (let i = 0; i < 4; i++) delivered.push((await sendAppointment(host.fhir, psAppointment())).id);
  for (const id of delivered) await expect(page.getByTestId(`transmission-row-${id}`)).toHaveAttribute('data-state', 'acknowledged');
  await expect(page.getByTestId('transmission-count-acknowledged')).toHaveAttribute('data-count', '4');

  // The LRM rejects what it gets: the Hub dead-letters it and tells us (500), the page shows it by push.
  peers.lrm330.setMode('reject');
  const failing = [];
  for (let i = 0; i < 3; i++) failing.push((await sendAppointment(host.fhir, psAppointment())).id);
  for (const id of failing) await expect(page.getByTestId(`transmission-row-${id}`)).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('hub-attention')).toHaveAttribute('data-count', '3');

  // Only the failed ones, then "retry all filtered": the confirmation says how many go to which SAMU.
  await page.getByTestId('transmission-count-failed').click();
  await expect(page.locator('[data-testid^="transmission-row-"]')).toHaveCount(3);
  peers.lrm330.setMode('ack');
  await page.getByTestId('retry-all-filtered').click();
  await expect(page.getByTestId('retry-plan')).toHaveAttribute('data-total', '3');
  await expect(page.getByTestId('retry-samu')).toHaveAttribute('data-samu', HUB_TEST_IDS.samu330);
  await expect(page.getByTestId('retry-samu')).toHaveAttribute('data-count', '3');
  await page.getByTestId('retry-confirm').click();

  // Back to every state: all seven acknowledged, nothing left to look at.
  await page.getByTestId('transmissions-filter-clear').click();
  for (const id of [...delivered, ...failing]) await expect(page.getByTestId(`transmission-row-${id}`)).toHaveAttribute('data-state', 'acknowledged');
  await expect(page.getByTestId('hub-attention')).toHaveAttribute('data-count', '0');

  // One of them in detail: the failed attempt with the Hub's error, then the retry, acknowledged.
  await page.getByTestId(`transmission-row-${failing[0]}`).click();
  await expect(page.getByTestId('transmission-detail')).toHaveAttribute('data-state', 'acknowledged');
  await expect(page.locator('[data-testid^="transmission-attempt-"][data-state="failed"]')).toHaveCount(1);
  await expect(page.locator('[data-testid^="transmission-attempt-"][data-state="acknowledged"]')).toHaveCount(1);
  await expect(page.getByTestId('transmission-exchange')).toHaveCount(2);

  // The retry is in the audit trail, with who and how many.
  const audit = await api.call('audit.list', { filter: { action: 'transmissions.retry' }, offset: 0, limit: 5 });
  expect(audit.rows[0]).toMatchObject({ action: 'transmissions.retry', outcome: 'ok' });
  expect(audit.rows[0].detail).toContain(`3 vers ${HUB_TEST_IDS.samu330}`);
});
