// Review mode in a real browser: a log package exported by one headless host, opened with `--review` by another.
// The pages show what it holds under a banner naming the file, who exported it and its integrity; a command is
// refused by the core and the page says why.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { psAppointment } from '../testing/fixtures';
import { sendAppointment } from '../testing/hub-fixtures';
import { startHeadless } from '../testing/headless-process';
import { consoleApi } from '../testing/console-api';
import { expect, test } from './headless-fixture';

test('a log package opened read-only shows its appointments and transmissions under a banner, and refuses a retry', async ({ page, host }) => {
  const ids = [(await sendAppointment(host.fhir, psAppointment())).id, (await sendAppointment(host.fhir, psAppointment())).id];
  await sendAppointment(host.fhir, psAppointment({ status: 'pending' }));
  const exported = await consoleApi(host).call('packages.export', { filter: { status: ['booked'] } });
  expect(exported.counts.appointments).toBe(2);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-e2e-review-'));
  const file = path.join(dir, 'journaux.sqlite');
  fs.copyFileSync(exported.file, file);
  const review = await startHeadless(['--review', file]);
  try {
    await page.goto(review.console);
    await expect(page.getByTestId('review-banner')).toContainText('lecture seule');
    await expect(page.getByTestId('review-banner')).toContainText('journaux.sqlite');
    await expect(page.getByTestId('review-banner')).toHaveAttribute('data-integrity', 'intact');
    await expect(page.getByTestId('review-banner')).toContainText('Exporté par');
    await expect(page.getByTestId('appointment-row')).toHaveCount(2);

    await page.getByRole('link', { name: 'Transmissions LRM' }).click();
    for (const id of ids) await expect(page.getByTestId(`transmission-row-${id}`)).toBeVisible();
    await page.getByTestId('retry-all-filtered').click();
    await expect(page.getByTestId('retry-plan')).toHaveAttribute('data-total', '2');
    await page.getByTestId('retry-confirm').click();
    await expect(page.getByTestId('retry-error')).toContainText('lecture seule');
  } finally {
    await review.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
