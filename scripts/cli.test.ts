import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULTS, slotBundle } from '../testing/slot-fixtures';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/cli.ts'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const start = Date.parse('2030-03-10T09:00:00+01:00');
const good = path.join(dir, 'good.json');
const bad = path.join(dir, 'bad.json');
fs.writeFileSync(good, JSON.stringify(slotBundle({ kind: 'sos', ids: ['334173748400020'], start })));
const broken = slotBundle({ kind: 'sos', ids: ['334173748400020'], start });
FAULTS['sos-pro-type'].mutate(broken);
fs.writeFileSync(bad, JSON.stringify(broken));

describe('npm run cli -- inspect-bundle', () => {
  it('exits 0 on a response without error and prints its slots', () => {
    const r = cli('inspect-bundle', good, '--kind', 'sos', '--requested', '34173748400020', '--window', '2030-03-10T00:00:00+01:00/2030-03-12T23:59:59+01:00');
    expect(r.code).toBe(0);
    expect(r.out).toContain('3 créneau(x), 0 erreur(s)');
    expect(r.out).toContain('10/03/2030 09:00');
  });
  it('exits 1 and names the rule when an error-level finding exists; --json is machine-readable', () => {
    const r = cli('inspect-bundle', bad, '--kind', 'sos');
    expect(r.code).toBe(1);
    expect(r.out).toContain('SLOT-TYPE-VS');
    const j = cli('inspect-bundle', bad, '--kind', 'sos', '--json');
    expect(j.code).toBe(1);
    expect(JSON.parse(j.out).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('SLOT-TYPE-VS');
  });
  it('checks requested ids against the response', () => {
    expect(cli('inspect-bundle', good, '--kind', 'sos', '--requested', '392080466300010').code).toBe(1);
  });
  it('exits 2 with the usage on misuse', () => {
    const r = cli('inspect-bundle', good, '--kind', 'xx');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Usage');
    expect(cli('inspect-bundle', path.join(dir, 'absent.json'), '--kind', 'ps').code).toBe(2);
  });
  it('reports a file that is not JSON as an error', () => {
    const notJson = path.join(dir, 'html.json');
    fs.writeFileSync(notJson, '<html>502 Bad Gateway</html>');
    const r = cli('inspect-bundle', notJson, '--kind', 'ps');
    expect(r.code).toBe(1);
    expect(r.out).toContain('SLOT-NOT-JSON');
  });
});
