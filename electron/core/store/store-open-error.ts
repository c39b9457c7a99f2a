import path from 'node:path';
import { diskSpace } from './disk-space';

export type StoreOpenErrorCode = 'empty' | 'not-sqlite' | 'corrupt' | 'foreign' | 'newer' | 'locked' | 'unreadable' | 'disk-full';

/**
 * Why the console refuses to open its data folder. `message` is French, names the file and says what to do:
 * hosts show it as is (headless prints it on stderr, the desktop in a dialog).
 */
export class StoreOpenError extends Error {
  readonly code: StoreOpenErrorCode;
  /** The file at fault: the store, one of its journals, or the data folder's lock file. */
  readonly file: string;

  constructor(code: StoreOpenErrorCode, file: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreOpenError';
    this.code = code;
    this.file = file;
  }
}

/**
 * Only a missing file creates a new store, so this is how an operator starts afresh. The journals go too:
 * SQLite would replay a stale -wal into the new file.
 */
export function moveAside(file: string): string {
  const name = path.basename(file);
  return `déplacez ${name} (avec ${name}-wal et ${name}-shm s'ils existent) hors du dossier ${path.dirname(file)} pour qu'une nouvelle base vide soit créée au prochain démarrage`;
}

export function moveAsideHint(file: string): string {
  return `restaurez une sauvegarde, ou ${moveAside(file)}`;
}

function errorCode(e: unknown): string | null {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

function freeSpaceText(file: string): string {
  try {
    const free = diskSpace(path.dirname(file)).freeBytes;
    return ` (il reste ${(free / 1024 / 1024).toFixed(1).replace('.', ',')} Mo libres)`;
  } catch {
    return '';
  }
}

/**
 * Turns a failure met while opening the store (SQLite or file system) into a StoreOpenError, so that an operator
 * never gets SQLite's English text alone. Errors that are neither are returned as they are: they are bugs.
 */
export function toStoreOpenError(e: unknown, file: string): unknown {
  if (e instanceof StoreOpenError) return e;
  const code = errorCode(e);
  if (!code) return e;
  const suffix = ` (${code})`;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new StoreOpenError(
      'disk-full',
      file,
      `Disque plein : ${file} ne peut pas être écrit${freeSpaceText(file)}. Libérez de l'espace sur ce disque puis relancez la console${suffix}.`,
      { cause: e },
    );
  }
  if (code === 'SQLITE_NOTADB') {
    return new StoreOpenError('not-sqlite', file, `Le fichier ${file} n'est pas une base SQLite lisible : ${moveAsideHint(file)}${suffix}.`, { cause: e });
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new StoreOpenError(
      'corrupt',
      file,
      `La base de données ${file} est endommagée ; la console ne l'ouvre pas pour ne pas aggraver les dégâts : ${moveAsideHint(file)}${suffix}.`,
      { cause: e },
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreOpenError(
      'locked',
      file,
      `La base de données ${file} est verrouillée par un autre programme : fermez tout outil qui l'a ouverte (autre console, éditeur SQLite…) puis relancez la console${suffix}.`,
      { cause: e },
    );
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new StoreOpenError(
      'unreadable',
      file,
      `Erreur d'entrée-sortie disque sur ${file} : vérifiez le disque (ou le partage réseau) puis relancez la console ; si l'erreur persiste, ${moveAsideHint(file)}${suffix}.`,
      { cause: e },
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') {
    return new StoreOpenError(
      'unreadable',
      file,
      `${file} est en lecture seule : donnez à la console le droit d'écrire dans ce fichier et dans son dossier, ou choisissez un dossier de données sur un disque accessible en écriture${suffix}.`,
      { cause: e },
    );
  }
  if (code.startsWith('SQLITE_')) {
    return new StoreOpenError(
      'unreadable',
      file,
      `Impossible d'ouvrir ${file} : vérifiez que le dossier de données existe, qu'il est sur un disque local accessible et que la console a le droit d'y lire et d'y écrire${suffix}.`,
      { cause: e },
    );
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new StoreOpenError(
      'unreadable',
      file,
      `Accès refusé à ${file} : donnez à la console le droit de lire et d'écrire dans le dossier de données, ou choisissez-en un autre${suffix}.`,
      { cause: e },
    );
  }
  if (code === 'EISDIR') {
    return new StoreOpenError(
      'unreadable',
      file,
      `${file} est un dossier alors qu'un fichier est attendu : déplacez-le hors du dossier de données, ou choisissez un autre dossier de données${suffix}.`,
      { cause: e },
    );
  }
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return new StoreOpenError(
      'unreadable',
      file,
      `${file} (ou l'un des dossiers de son chemin) est un fichier et non un dossier : choisissez un autre dossier de données${suffix}.`,
      { cause: e },
    );
  }
  if (/^E[A-Z]+$/.test(code)) {
    return new StoreOpenError(
      'unreadable',
      file,
      `Impossible d'accéder à ${file} : vérifiez le disque et les droits du dossier de données puis relancez la console${suffix}.`,
      { cause: e },
    );
  }
  return e;
}
