import { z } from 'zod';
import { isLoopbackHost } from '../../shared/domain/host-names';

export interface HeadlessArgs {
  /** Null in review mode (`--review FILE`): nothing of this machine's data is used. */
  dataDir: string | null;
  /** A log package (a console database) to read, read-only: no gateway, no network, every command refused. */
  review: string | null;
  /** Open a package whose content changed after export (the banner then says so). */
  acceptAltered: boolean;
  fhir: { host: string; port: number };
  console: { host: string; port: number };
  tls: { certFile: string; keyFile: string; clientCaFile: string } | null;
  igPackage: string | null;
  /** Serving the console beyond loopback: explicit, over TLS, with the names it is reached by. */
  consoleRemote: { certFile: string; keyFile: string; names: string[] } | null;
}

const address = z
  .string()
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+):\d{1,5}$/, 'attendu HÔTE:PORT, par ex. 127.0.0.1:8080')
  .transform((s) => {
    const i = s.lastIndexOf(':');
    return { host: s.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(s.slice(i + 1)) };
  });

export const USAGE = `Usage : npm run headless -- --data-dir DOSSIER [--fhir-listen 127.0.0.1:PORT] [--console-listen 127.0.0.1:PORT]
                          [--tls-cert FICHIER --tls-key FICHIER --tls-client-ca FICHIER] [--ig-package DOSSIER]
                          [--console-allow-remote --console-tls-cert FICHIER --console-tls-key FICHIER --console-name NOM[,NOM…]]
        npm run headless -- --review FICHIER [--accept-altered] [--console-listen 127.0.0.1:PORT]   (lecture seule, sans passerelle ni réseau)`;

const FLAGS = ['console-allow-remote', 'accept-altered'];


export function parseArgs(argv: string[]): HeadlessArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`Argument inattendu « ${a} ».\n${USAGE}`);
    if (FLAGS.includes(a.slice(2))) {
      values.set(a.slice(2), 'true');
      continue;
    }
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`L'option ${a} attend une valeur.\n${USAGE}`);
    values.set(a.slice(2), v);
    i++;
  }
  const known = ['data-dir', 'fhir-listen', 'console-listen', 'tls-cert', 'tls-key', 'tls-client-ca', 'ig-package',
    'console-allow-remote', 'console-tls-cert', 'console-tls-key', 'console-name', 'review', 'accept-altered'];
  for (const k of values.keys()) if (!known.includes(k)) throw new Error(`Option inconnue --${k}.\n${USAGE}`);
  const review = values.get('review') ?? null;
  const dataDir = values.get('data-dir') ?? null;
  if (review) {
    const live = ['data-dir', 'fhir-listen', 'tls-cert', 'tls-key', 'tls-client-ca', 'ig-package'].filter((k) => values.has(k));
    if (live.length) throw new Error(`--review ouvre un dossier de journaux en lecture seule, sans passerelle : retirez ${live.map((k) => `--${k}`).join(', ')}.`);
  } else if (!dataDir) throw new Error(`--data-dir est obligatoire (ou --review FICHIER pour lire un dossier de journaux).\n${USAGE}`);
  const parse = (name: string, fallback: string) => {
    const r = address.safeParse(values.get(name) ?? fallback);
    if (!r.success) throw new Error(`--${name} : ${r.error.issues[0].message}.`);
    return r.data;
  };
  const tlsParts = ['tls-cert', 'tls-key', 'tls-client-ca'].map((k) => values.get(k));
  if (tlsParts.some(Boolean) && !tlsParts.every(Boolean)) {
    throw new Error('--tls-cert, --tls-key et --tls-client-ca vont ensemble (mTLS) : donnez les trois.');
  }
  const consoleAddress = parse('console-listen', '127.0.0.1:0');
  // The console API is the whole administration of the SAS gateway: never in clear beyond this machine.
  let consoleRemote: HeadlessArgs['consoleRemote'] = null;
  const remoteParts = ['console-tls-cert', 'console-tls-key', 'console-name'].map((k) => values.get(k));
  if (!isLoopbackHost(consoleAddress.host)) {
    if (values.get('console-allow-remote') !== 'true' || !remoteParts.every(Boolean)) {
      throw new Error(
        `--console-listen ${consoleAddress.host} n'est pas une adresse locale : la console d'administration n'est servie au-delà de ce poste qu'avec --console-allow-remote, --console-tls-cert, --console-tls-key et --console-name (les noms par lesquels on l'atteint). Sinon, gardez 127.0.0.1.`,
      );
    }
    consoleRemote = {
      certFile: remoteParts[0]!,
      keyFile: remoteParts[1]!,
      names: remoteParts[2]!.split(',').map((n) => n.trim().toLowerCase()).filter(Boolean),
    };
  } else if (values.has('console-allow-remote') || remoteParts.some(Boolean)) {
    throw new Error('--console-allow-remote, --console-tls-cert, --console-tls-key et --console-name ne servent qu’avec une adresse --console-listen non locale.');
  }
  if (values.has('accept-altered') && !review) throw new Error('--accept-altered ne sert qu’avec --review FICHIER.');
  return {
    dataDir,
    review,
    acceptAltered: values.has('accept-altered'),
    fhir: parse('fhir-listen', '127.0.0.1:0'),
    console: consoleAddress,
    tls: tlsParts[0] ? { certFile: tlsParts[0]!, keyFile: tlsParts[1]!, clientCaFile: tlsParts[2]! } : null,
    igPackage: values.get('ig-package') ?? null,
    consoleRemote,
  };
}
