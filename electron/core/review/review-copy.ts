// Review mode reads a console database (a log package, or a store someone sent) without ever writing to it:
// the file is copied into a private folder, migrations run on the copy (a package from an older console opens),
// and the copy is then opened for queries only. The original is never opened read-write.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { STORE_FILE } from '../store/database';

export interface ReviewCopy {
  /** The private data folder holding the copy (console.sqlite). */
  dir: string;
  /** The file as the operator named it. */
  source: string;
  remove(): void;
}

export function makeReviewCopy(file: string): ReviewCopy {
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new Error(`Dossier de journaux introuvable : ${source}. Vérifiez le chemin du fichier.`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sas-review-'));
  try {
    fs.copyFileSync(source, path.join(dir, STORE_FILE));
    // A store copied while its console ran may have its last commits in the WAL beside it: they belong to it.
    if (fs.existsSync(`${source}-wal`)) fs.copyFileSync(`${source}-wal`, path.join(dir, `${STORE_FILE}-wal`));
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { dir, source, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** What every refused command says in review mode. */
export const REVIEW_REFUSAL =
  'Dossier de journaux ouvert en lecture seule : aucune modification ni aucun envoi n’est possible. Ouvrez une console en service pour agir.';
