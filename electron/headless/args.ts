import { z } from 'zod';

export interface HeadlessArgs {
  dataDir: string;
  fhir: { host: string; port: number };
  console: { host: string; port: number };
  tls: { certFile: string; keyFile: string; clientCaFile: string } | null;
  igPackage: string | null;
}

const address = z
  .string()
  .regex(/^[^:]+:\d{1,5}$/, 'attendu HÔTE:PORT, par ex. 127.0.0.1:8080')
  .transform((s) => {
    const [host, port] = s.split(':');
    return { host, port: Number(port) };
  });

export const USAGE = `Usage : npm run headless -- --data-dir DOSSIER [--fhir-listen 127.0.0.1:PORT] [--console-listen 127.0.0.1:PORT]
                          [--tls-cert FICHIER --tls-key FICHIER --tls-client-ca FICHIER] [--ig-package DOSSIER]`;

export function parseArgs(argv: string[]): HeadlessArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`Argument inattendu « ${a} ».\n${USAGE}`);
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`L'option ${a} attend une valeur.\n${USAGE}`);
    values.set(a.slice(2), v);
    i++;
  }
  const known = ['data-dir', 'fhir-listen', 'console-listen', 'tls-cert', 'tls-key', 'tls-client-ca', 'ig-package'];
  for (const k of values.keys()) if (!known.includes(k)) throw new Error(`Option inconnue --${k}.\n${USAGE}`);
  const dataDir = values.get('data-dir');
  if (!dataDir) throw new Error(`--data-dir est obligatoire.\n${USAGE}`);
  const parse = (name: string, fallback: string) => {
    const r = address.safeParse(values.get(name) ?? fallback);
    if (!r.success) throw new Error(`--${name} : ${r.error.issues[0].message}.`);
    return r.data;
  };
  const tlsParts = ['tls-cert', 'tls-key', 'tls-client-ca'].map((k) => values.get(k));
  if (tlsParts.some(Boolean) && !tlsParts.every(Boolean)) {
    throw new Error('--tls-cert, --tls-key et --tls-client-ca vont ensemble (mTLS) : donnez les trois.');
  }
  return {
    dataDir,
    fhir: parse('fhir-listen', '127.0.0.1:0'),
    console: parse('console-listen', '127.0.0.1:0'),
    tls: tlsParts[0] ? { certFile: tlsParts[0]!, keyFile: tlsParts[1]!, clientCaFile: tlsParts[2]! } : null,
    igPackage: values.get('ig-package') ?? null,
  };
}
