import fs from 'node:fs';
import { regulatorsToCsv } from '../shared/regulators/regulator-csv';
import type { Regulator } from '../shared/regulators/regulator-types';
import { demoRegulators } from '../electron/core/demo/demo-regulators';
import { consoleApi } from '../testing/console-api';
import { createTestPki, type TestPki } from '../testing/pki';
import { type RegulatorEditor, startRegulatorEditor } from '../testing/regulator-editor';
import { regulatorEditorInput } from '../testing/regulator-fixtures';
import { expect, test } from './headless-fixture';

let pki: TestPki;
let editors: RegulatorEditor[];
test.beforeAll(async () => {
  pki = createTestPki();
});
test.beforeEach(async () => {
  editors = [await startRegulatorEditor({ pki }), await startRegulatorEditor({ pki })];
});
test.afterEach(async () => {
  await Promise.all(editors.map((e) => e.close()));
});
test.afterAll(() => fs.rmSync(pki.dir, { recursive: true, force: true }));

test('an operator imports regulators, syncs them, sees states change by push, revokes one everywhere, sees a failing editor and retries', async ({ page, host }) => {
  const api = consoleApi(host);
  const [a, b] = [
    await api.call('editors.save', regulatorEditorInput(pki, editors[0].base, 'Agenda Alpha')),
    await api.call('editors.save', regulatorEditorInput(pki, editors[1].base, 'Agenda Beta')),
  ];
  const regulators = demoRegulators(4, 5).map((r): Regulator => ({ ...r, technicalId: r.technicalId!, revision: 1, createdUtc: 0, updatedUtc: 0, lastLoginUtc: null }));

  await page.goto(host.console);
  await page.getByRole('link', { name: 'Régulateurs' }).click();

  // Import: a preview first, nothing written until confirmed.
  await page.getByTestId('import-open').click();
  await page.getByTestId('import-file-input').setInputFiles({ name: 'regulateurs.csv', mimeType: 'text/csv', buffer: Buffer.from(regulatorsToCsv(regulators), 'utf8') });
  await expect(page.getByTestId('import-row')).toHaveCount(4);
  await expect(page.locator('[data-testid="import-row"][data-action="create"]')).toHaveCount(4);
  expect((await api.call('regulators.list', { filter: {}, offset: 0, limit: 10 })).total).toBe(0);
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toBeVisible();
  await page.getByTestId('import-dialog').getByRole('button', { name: 'Fermer' }).click();
  await expect(page.getByTestId('import-dialog')).toBeHidden();
  await expect(page.getByTestId('regulator-row')).toHaveCount(4);

  // Sync everything: the dialog says how many requests go to which editors; the cells turn green by push.
  await page.getByTestId('tab-matrix').click();
  const cell = (r: Regulator, editorId: string) => page.getByTestId(`matrix-cell-${r.technicalId}-${editorId}`);
  await expect(cell(regulators[0], a.id)).toHaveAttribute('data-state', 'never-sent');
  await page.getByTestId('action-sync').click();
  await expect(page.getByTestId('action-plan')).toContainText('8');
  await expect(page.getByTestId('action-plan')).toContainText('Agenda Alpha');
  await page.getByTestId('confirm-action').click();
  for (const r of regulators) {
    await expect(cell(r, a.id)).toHaveAttribute('data-state', 'in-sync');
    await expect(cell(r, b.id)).toHaveAttribute('data-state', 'in-sync');
  }
  expect(editors[0].counts().created).toBe(4);

  // Beta now refuses everything: revoking one regulator everywhere reaches Alpha, and Beta's account shows the failure.
  editors[1].inject({ kind: 'status', status: 422 }, { times: 100 });
  const target = regulators[1];
  await page.locator(`[data-testid="matrix-row"][data-technical-id="${target.technicalId}"]`).getByTestId('select-row').click();
  await page.getByTestId('action-revoke').click();
  await expect(page.getByTestId('revoke-warning')).toBeVisible();
  await expect(page.getByTestId('action-plan')).toContainText('2');
  await page.getByTestId('confirm-action').click();
  await expect(cell(target, a.id)).toHaveAttribute('data-state', 'deactivated');
  await expect(cell(target, b.id)).toHaveAttribute('data-state', 'failing');
  expect(editors[0].find('urn:oid:1.2.250.1.71.4.2.1', target.nationalId ?? '')?.resource.active ?? editors[0].find('urn:oid:1.2.250.1.213.3.6', target.technicalId)?.resource.active).toBe(false);

  // The regulator's page names the failure and every attempt; the operator retries once Beta is fixed.
  await page.locator(`[data-testid="matrix-row"][data-technical-id="${target.technicalId}"]`).getByRole('button', { name: target.familyName }).click();
  const accounts = page.getByTestId('regulator-accounts');
  await expect(accounts.getByTestId('account-row').filter({ hasText: 'Agenda Beta' })).toContainText('422');
  await expect(page.getByTestId('regulator-exchanges').getByTestId('exchange-row')).toHaveCount(4);
  editors[1].clearFaults();
  await accounts.getByTestId('account-row').filter({ hasText: 'Agenda Beta' }).getByTestId('account-retry').click();
  await page.getByTestId('confirm-action').click();
  await expect(accounts.getByTestId('account-row').filter({ hasText: 'Agenda Beta' })).toContainText('Désactivé');
  await expect(page.getByTestId('regulator-exchanges').getByTestId('exchange-row')).toHaveCount(5);

  // The refused attempt in the journal: what was done, the editor's OperationOutcome in words, the certificate presented.
  await page.getByTestId('regulator-exchanges').getByTestId('exchange-row').filter({ hasText: '422' }).first().click();
  await expect(page.getByTestId('exchange-attempt')).toContainText('regulator.revoke');
  await expect(page.getByTestId('exchange-attempt')).toContainText('lga.editeur-test.fr');
  await expect(page.getByTestId('operation-outcome')).toContainText('error');
  await expect(page.getByTestId('exchange-links').getByRole('link', { name: 'Ouvrir le régulateur' })).toBeVisible();
});

test("support staff qualify an editor's INT_R02 endpoint: the test kit's group 5, step by step, exported for the ticket", async ({ page, host }) => {
  const api = consoleApi(host);
  await api.call('editors.save', regulatorEditorInput(pki, editors[0].base, 'Agenda Recette'));
  await page.goto(host.console);
  await page.getByRole('link', { name: 'Régulateurs' }).click();
  await page.getByTestId('tab-qualification').click();
  await page.getByTestId('qualification-start').click();
  const detail = page.getByTestId('qualification-run-detail');
  await expect(detail).toHaveAttribute('data-finished', 'true');
  await expect(detail.getByTestId('qualification-step')).toHaveCount(16);
  await expect(detail.locator('[data-testid="qualification-step"][data-verdict="pass"]')).toHaveCount(16);
  expect(editors[0].received).toHaveLength(32);
  const download = page.waitForEvent('download');
  await page.getByTestId('qualification-export').click();
  const file = await (await download).path();
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { steps: { requests: { request?: { body?: string | null } }[] }[] };
  expect(doc.steps).toHaveLength(16);
  expect(JSON.stringify(doc)).toContain('FrPractitionerRegul');
});
