import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Core, startCore } from '../electron/core/core';

export interface TestCore {
  core: Core;
  fhir: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** A core on its own temp dir with the gateway on a free loopback port. */
export async function startTestCore(gateway: { tls?: { certFile: string; keyFile: string; clientCaFile: string }; igPackageDir?: string } = {}): Promise<TestCore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-core-'));
  const core = await startCore({ dataDir, host: 'headless' });
  core.settings.update({
    gateway: {
      enabled: true,
      host: '127.0.0.1',
      port: 0,
      tlsCertFile: gateway.tls?.certFile ?? null,
      tlsKeyFile: gateway.tls?.keyFile ?? null,
      clientCaFile: gateway.tls?.clientCaFile ?? null,
    },
    igPackageDir: gateway.igPackageDir ?? null,
  });
  await core.apply();
  const info = core.info();
  if (!info.gateway.url) throw new Error(info.gateway.error ?? 'gateway did not start');
  return {
    core,
    fhir: info.gateway.url,
    dataDir,
    stop: async () => {
      await core.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
