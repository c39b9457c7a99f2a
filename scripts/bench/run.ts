// npm run bench [-- --only ingest|slots|browse|provisioning|hub] [--rows N] [--seconds S] [--regulators N] [--messages N]
// Prints figures; asserts nothing (targets are printed beside the figures).
import os from 'node:os';
import path from 'node:path';
import { browseBench } from './browse';
import { ingestBench } from './ingest';
import { fanOutBench, slotsBench } from './slots';
import { provisioningBench } from './provisioning';
import { hubBench } from './hub';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const only = arg('only');
const rows = Number(arg('rows') ?? 1_000_000);
const seconds = Number(arg('seconds') ?? 15);

console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
if (!only || only === 'ingest') await ingestBench(seconds);
if (!only || only === 'slots') {
  slotsBench();
  await fanOutBench();
}
if (!only || only === 'browse') await browseBench(path.resolve('.bench'), rows);
if (!only || only === 'provisioning') await provisioningBench(Number(arg('regulators') ?? 3_500));
if (!only || only === 'hub') await hubBench(Number(arg('messages') ?? 20_000));
