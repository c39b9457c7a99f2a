// An operator's view of the gateway's security: editors' inbound identities, a security change that must be
// confirmed and stays in the status bar, the audit trail, the store check, and refused requests in the journal.
import fs from 'node:fs';
import { psAppointment } from '../testing/fixtures';
import { createTestPki, type TestPki } from '../testing/pki';
import { expect, test } from './headless-fixture';

let pki: TestPki;
test.beforeAll(() => {
  pki = createTestPki();
});
test.afterAll(() => fs.rmSync(pki.dir, { recursive: true, force: true }));

test('an operator gives an editor its inbound identity: its appointments are attributed to it, and the action is audited', async ({ page, host }) => {
  await page.goto(host.console);
  await page.getByRole('link', { name: 'Paramètres' }).click();
  await page.getByRole('tab', { name: 'Éditeurs' }).click();
  await page.getByRole('button', { name: 'Ajouter un éditeur' }).click();
  await page.getByLabel('Nom').fill('Agenda Test');
  await page.getByLabel('URL de base FHIR').fill('https://lga.exemple.fr/fhir');
  await page.getByTestId('identifier-systems').fill('urn:oid:1.2.250.1.999.77.1');
  await page.getByTestId('inbound-paste').fill(fs.readFileSync(pki.clientCert, 'utf8'));
  await page.getByTestId('inbound-add-certificate').click();
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByTestId('editor-inbound')).toContainText('1 certificat(s), 0 épinglage(s), 1 système(s)');
  // Reopened, the certificate shows its fingerprint and subject; pinning its issuer + subject is one click.
  await page.getByRole('button', { name: "Modifier l'éditeur" }).click();
  const cert = page.getByTestId('inbound-certificate');
  await expect(cert).toContainText(/SHA-256 [0-9a-f]{64}/);
  await expect(cert).toContainText('CN=lga.editeur-test.fr,O=Editeur Test');
  await cert.getByRole('button', { name: 'Épingler émetteur + sujet' }).click();
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByTestId('editor-inbound')).toContainText('1 certificat(s), 1 épinglage(s), 1 système(s)');

  // An appointment with that system is attributed to the editor (plain HTTP: by its identifier system).
  const res = await fetch(`${host.fhir}/Appointment`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(psAppointment()) });
  expect(res.status).toBe(201);
  await page.getByRole('link', { name: 'Rendez-vous' }).click();
  await expect(page.getByTestId('appointment-row')).toHaveCount(1);
  await expect(page.getByTestId('appointment-row').first()).toContainText('Agenda Test');

  // The audit trail names the operator's action.
  await page.getByRole('link', { name: 'Paramètres' }).click();
  await page.getByRole('tab', { name: 'Audit' }).click();
  await expect(page.getByTestId('audit-row').first()).toContainText('editors.update');
  await expect(page.getByTestId('audit-row').nth(1)).toContainText('editors.create');
  await page.getByTestId('audit-row').first().click();
  await expect(page.getByText('Avant')).toBeVisible();
});

test('allowing unregistered editors asks for confirmation, stays flagged in the status bar, and is audited as a security change', async ({ page, host }) => {
  await page.goto(`${host.console}`);
  await page.getByRole('link', { name: 'Paramètres' }).click();
  await expect(page.getByText('fixés par la ligne de commande')).toBeVisible();
  await page.getByLabel('Accepter les certificats qui ne correspondent à aucun éditeur (« non enregistré »)').check();
  await page.getByRole('button', { name: 'Appliquer' }).click();
  const dialog = page.getByRole('dialog', { name: 'Changement de sécurité' });
  await expect(dialog).toContainText('Éditeurs non enregistrés acceptés');
  await dialog.getByRole('button', { name: 'Confirmer le changement' }).click();
  await expect(page.getByText('Paramètres appliqués.')).toBeVisible();
  await expect(page.getByTestId('status-security-unregistered-editors-allowed')).toBeVisible({ timeout: 15_000 });

  await page.getByRole('tab', { name: 'Audit' }).click();
  await page.getByLabel('Changements de sécurité seulement').check();
  await expect(page.getByTestId('audit-row')).toHaveCount(2); // refused without confirmation, then done
  await expect(page.getByTestId('audit-row').first()).toContainText('Fait');
  await expect(page.getByTestId('audit-row').nth(1)).toContainText('Refusé');

  // The store check on demand.
  await page.getByRole('tab', { name: 'Général' }).click();
  await page.getByRole('button', { name: 'Vérifier la base' }).click();
  await expect(page.getByTestId('store-check')).toContainText('Base intègre');
});

test('requests refused at the door are listed under « Refusés » in the journal', async ({ page, host }) => {
  const u = new URL(host.fhir);
  // A Host that is none of the gateway's names (as a DNS-rebinding page would send).
  const { request } = await import('node:http');
  await new Promise<void>((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: '/fhir/metadata', headers: { host: 'evil.example' }, setHost: false }, (r) => {
      r.resume();
      r.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
  await page.goto(`${host.console}`);
  await page.getByRole('link', { name: 'Journal' }).click();
  await page.getByLabel('Statut HTTP').click();
  await page.getByRole('option', { name: 'Refusés (TLS, éditeur, hôte…)' }).click();
  await expect(page.getByTestId('journal-table')).toContainText('421');
  await page.getByTestId('journal-table').getByText('421').click();
  await expect(page.getByTestId('exchange-identity')).toContainText('Hôte inconnu');
});
