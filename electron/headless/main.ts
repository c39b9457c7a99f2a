// Headless host: the core without Electron, serving the FHIR gateway and the console (UI + API) on loopback.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startConsoleServer } from '../core/api/http-transport';
import { startCore } from '../core/core';
import { parseArgs } from './args';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.resolve(here, '../../dist/renderer');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    console.error(`Interface absente (${rendererDir}) : lancez « npm run build » puis recommencez.`);
  }
  const core = await startCore({ dataDir: path.resolve(args.dataDir), host: 'headless' });
  core.settings.update({
    gateway: {
      enabled: true,
      host: args.fhir.host,
      port: args.fhir.port,
      tlsCertFile: args.tls?.certFile ?? null,
      tlsKeyFile: args.tls?.keyFile ?? null,
      clientCaFile: args.tls?.clientCaFile ?? null,
    },
    ...(args.igPackage ? { igPackageDir: path.resolve(args.igPackage) } : {}),
  });
  await core.apply();
  const info = core.info();
  if (!info.gateway.listening) throw new Error(info.gateway.error ?? 'la passerelle ne démarre pas');
  if (info.igPackage.error) throw new Error(info.igPackage.error);
  const server = await startConsoleServer(core, args.console.host, args.console.port, rendererDir);
  // Machine-readable lines first (tests and scripts parse them), then a human hint.
  console.log(`FHIR ${info.gateway.url}`);
  console.log(`CONSOLE ${server.url}?token=${server.token}`);
  console.log(`Passerelle rendez-vous : ${info.gateway.url}${info.gateway.mtls ? ' (mTLS)' : ''}`);
  console.log(`Console : ouvrez ${server.url}?token=${server.token}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`Échec du démarrage : ${(e as Error).message}`);
  process.exit(1);
});
