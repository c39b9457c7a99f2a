import fs from 'node:fs';
import { type EditorServer, startEditorServer } from '../testing/editor-server';
import { createTestPki, type TestPki } from '../testing/pki';
import { expect, test } from './headless-fixture';

let pki: TestPki;
let editor: EditorServer;
test.beforeAll(async () => {
  pki = createTestPki();
  editor = await startEditorServer(pki);
});
test.afterAll(async () => {
  await editor.close();
  fs.rmSync(pki.dir, { recursive: true, force: true });
});

async function addEditor(page: import('@playwright/test').Page, name: string, url: string) {
  await page.getByRole('button', { name: 'Ajouter un éditeur' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Nom').fill(name);
  await dialog.getByLabel('URL de base FHIR').fill(url);
  await dialog.getByLabel('CPTS').check();
  await dialog.getByLabel('Identité client (mTLS)').click();
  await page.getByRole('option', { name: 'Certificat + clé PEM' }).click();
  await dialog.getByLabel('Certificat client (PEM)').fill(fs.readFileSync(pki.clientCert, 'utf8'));
  await dialog.getByLabel('Fichier de la clé privée').fill(pki.clientKey);
  await dialog.getByLabel(/AC de confiance/).fill(fs.readFileSync(pki.caCert, 'utf8'));
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(dialog).toBeHidden();
}

test('an operator configures two editors, searches 3 RPPS, reads the verdicts, the tree, the grid and a diagnostic, then re-runs and compares', async ({ page, host }) => {
  await page.goto(host.console);
  await page.getByRole('link', { name: 'Paramètres' }).click();
  await page.getByRole('tab', { name: 'Éditeurs' }).click();
  await addEditor(page, 'Agenda Sain', editor.url('healthy'));
  await addEditor(page, 'Agenda Fautif', editor.url('fault/routine-without-url'));
  await expect(page.getByTestId('editor-row')).toHaveCount(2);

  // The connection test names the TLS result.
  await page.getByTestId('editor-row').filter({ hasText: 'Agenda Sain' }).getByRole('button', { name: 'Tester la connexion' }).click();
  await expect(page.getByTestId('connection-test')).toContainText('Connexion réussie');

  await page.getByRole('link', { name: 'Créneaux' }).click();
  await page.getByTestId('slot-ids').fill('10012345678\n810087654321, 0123456789');
  await expect(page.getByText('3 identifiant(s) prêts à envoyer')).toBeVisible();
  await page.getByRole('button', { name: 'Rechercher' }).click();

  const healthy = page.getByTestId('editor-result').filter({ hasText: 'Agenda Sain' });
  const faulty = page.getByTestId('editor-result').filter({ hasText: 'Agenda Fautif' });
  await expect(healthy).toHaveAttribute('data-verdict', 'ok');
  await expect(faulty).toHaveAttribute('data-verdict', 'errors');
  await expect(healthy).toContainText('9 créneau(x)');
  await expect(page.getByTestId('run-progress')).toHaveText('2 / 2 éditeur(s) ont répondu');

  await healthy.click();
  await page.getByRole('tab', { name: 'Arbre' }).click();
  await expect(page.getByTestId('tree-practitioner')).toHaveCount(3);
  await expect(page.getByTestId('slot-tree')).toContainText('810012345678');
  await page.getByRole('tab', { name: 'Grille' }).click();
  await expect(page.getByTestId('grid-slot')).toHaveCount(9);
  await expect(page.getByTestId('slot-grid').getByRole('link', { name: 'Réserver' }).first()).toHaveAttribute('href', /origin=sas/);
  await page.getByRole('tab', { name: 'Requête' }).click();
  await expect(page.getByTestId('request-decoded')).toContainText('schedule.actor:Practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|810012345678');

  await faulty.click();
  await page.getByRole('tab', { name: 'Diagnostics' }).click();
  await expect(page.getByTestId('slot-findings')).toContainText('SLOT-BOOKING-URL');
  await expect(page.getByTestId('slot-findings')).toContainText("Créneau ROUTINE sans URL de réservation valide");

  await page.screenshot({ path: test.info().outputPath('slots.png'), fullPage: true });
  await page.getByRole('button', { name: 'Relancer' }).click();
  await expect(page.getByTestId('run-progress')).toHaveText('2 / 2 éditeur(s) ont répondu');
  await page.getByRole('button', { name: 'Comparer avec la précédente' }).click();
  await expect(page.getByTestId('run-comparison')).toContainText('Agenda Sain');
  await expect(page.getByTestId('run-comparison')).toContainText('0 ajouté(s), 0 retiré(s)');
});
