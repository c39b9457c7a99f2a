import fs from 'node:fs';
import { conditionalQuery, cptsAppointment, psAppointment, sosAppointment } from '../testing/fixtures';
import { expect, test } from './headless-fixture';

async function post(fhir: string, method: 'POST' | 'PUT', body: object, query = ''): Promise<number> {
  const res = await fetch(`${fhir}/Appointment${query}`, { method, headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

test('appointments posted through FHIR are listed, filtered, inspected version by version, and exported', async ({ page, host }) => {
  const tracked = psAppointment({ start: '2026-03-10T09:00:00+01:00', end: '2026-03-10T09:20:00+01:00' });
  expect(await post(host.fhir, 'POST', tracked)).toBe(201);
  expect(await post(host.fhir, 'PUT', { ...tracked, status: 'cancelled' }, `?${conditionalQuery(tracked)}`)).toBe(200);
  expect(await post(host.fhir, 'POST', cptsAppointment({ start: '2026-03-11T10:00:00+01:00', end: '2026-03-11T10:15:00+01:00' }))).toBe(201);
  expect(await post(host.fhir, 'POST', sosAppointment({ start: '2026-03-12T11:00:00+01:00', end: '2026-03-12T11:30:00+01:00' }))).toBe(201);

  await page.goto(host.console);
  await expect(page.getByTestId('appointment-total')).toHaveText('3 rendez-vous');
  await expect(page.getByTestId('appointment-row')).toHaveCount(3);
  // The status bar names what the core listens on.
  await expect(page.getByTestId('status-bar')).toContainText(host.fhir);

  // Filter on a category: the URL carries the filter, the list and the count follow.
  await page.getByLabel('Catégorie').click();
  await page.getByRole('option', { name: 'SOS' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('appointment-total')).toHaveText('1 rendez-vous');
  expect(page.url()).toContain('category=SOS');
  await page.getByRole('button', { name: 'Effacer les filtres' }).click();
  await expect(page.getByTestId('appointment-total')).toHaveText('3 rendez-vous');

  // Free text over identifiers: a prefix of the editor's appointment identifier is enough.
  await page.getByTestId('filter-text').fill((tracked.identifier as { value: string }[])[0].value.slice(0, 8));
  await expect(page.getByTestId('appointment-total')).toHaveText('1 rendez-vous');

  // Open it: two versions, the change of status, and the diff.
  await page.getByTestId('appointment-row').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText((tracked.identifier as { value: string }[])[0].value);
  await page.getByRole('tab', { name: /Versions \(2\)/ }).click();
  await expect(page.getByTestId('version-item')).toHaveCount(2);
  await expect(page.getByTestId('version-timeline')).toContainText('Statut : Réservé → Annulé');
  await page.getByRole('tab', { name: 'Différences' }).click();
  const diff = page.getByTestId('version-diff');
  await expect(diff).toContainText('status');
  await expect(diff).toContainText('booked');
  await expect(diff).toContainText('cancelled');
  await page.getByRole('tab', { name: 'JSON' }).click();
  await expect(page.getByTestId('version-json')).toContainText('"versionId": "2"');
  await page.getByRole('tab', { name: 'Échanges' }).click();
  await expect(page.getByRole('row')).toHaveCount(3); // header + POST + PUT

  // Export the whole list as CSV and read the file the user gets.
  await page.getByRole('link', { name: 'Rendez-vous' }).first().click();
  await page.getByRole('button', { name: 'Effacer les filtres' }).click();
  await expect(page.getByTestId('appointment-total')).toHaveText('3 rendez-vous');
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter en CSV' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^rendez-vous-.*\.csv$/);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).trim().split('\r\n');
  expect(lines[0].split(';')[0]).toBe('Début (Europe/Paris)');
  expect(lines).toHaveLength(4);
  expect(lines.some((l) => l.includes(';cancelled;PS;810012345678;') && l.startsWith('10/03/2026 09:00;'))).toBe(true);
  expect(lines.some((l) => l.includes(';pending;SOS;'))).toBe(true);
});

test('the console API refuses a page opened without the token, with an explanation in French', async ({ page, host }) => {
  await page.goto(host.console.replace(/\?token=.*/, ''));
  await expect(page.getByText(/Jeton de console absent ou invalide/).first()).toBeVisible();
});
