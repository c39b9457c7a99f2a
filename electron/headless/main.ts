// Headless host: the core without Electron, serving the FHIR gateway and the console (UI + API) on loopback.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startConsoleServer } from '../core/api/http-transport';
import { startCore } from '../core/core';
import { SECURITY_NOTICES } from '../core/settings/security-changes';
import { parseArgs } from './args';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.resolve(here, '../../dist/renderer');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    console.error(`Interface absente (${rendererDir}) : lancez « npm run build » puis recommencez.`);
  }
  // The command line fixes the listener: settings cannot turn a gateway started with mTLS into plain HTTP.
  const pinnedGateway = {
    enabled: true,
    host: args.fhir.host,
    port: args.fhir.port,
    tlsCertFile: args.tls?.certFile ? path.resolve(args.tls.certFile) : null,
    tlsKeyFile: args.tls?.keyFile ? path.resolve(args.tls.keyFile) : null,
    clientCaFile: args.tls?.clientCaFile ? path.resolve(args.tls.clientCaFile) : null,
  };
  const core = args.review
    ? await startCore({ dataDir: '', host: 'headless', review: { file: path.resolve(args.review), acceptAltered: args.acceptAltered } })
    : await startCore({
        dataDir: path.resolve(args.dataDir!),
        host: 'headless',
        pinnedGateway,
        onSecurityNotice: (text) => console.log(text),
      });
  if (!args.review) {
    if (args.igPackage) core.settings.update({ igPackageDir: path.resolve(args.igPackage) });
    await core.apply();
  }
  const info = core.info();
  if (!args.review && !info.gateway.listening) throw new Error(info.gateway.error ?? 'la passerelle ne démarre pas');
  if (info.igPackage.error) throw new Error(info.igPackage.error);
  const server = await startConsoleServer(core, args.console.host, args.console.port, rendererDir, args.consoleRemote);
  // Machine-readable lines first (tests and scripts parse them), then a human hint.
  if (args.review) console.log(`REVIEW ${info.review?.file}`);
  else console.log(`FHIR ${info.gateway.url}`);
  console.log(`CONSOLE ${server.url}?token=${server.token}`);
  if (args.review) {
    console.log(`Lecture seule de ${info.review?.file} : aucune passerelle, aucun envoi, aucune modification.`);
    if (info.review?.integrity.verdict === 'altered') console.log(`Attention : contenu modifié après l’export (tables : ${info.review.integrity.altered.join(', ')}).`);
  }
  else console.log(`Passerelle rendez-vous : ${info.gateway.url}${info.gateway.mtls ? ' (mTLS)' : ''}`);
  console.log(`Console : ouvrez ${server.url}?token=${server.token}`);
  for (const s of info.security) console.log(`Attention, réglage de sécurité en vigueur : ${SECURITY_NOTICES[s]}.`);

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
