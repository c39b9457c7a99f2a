import fs from 'node:fs';
import { ApiError } from '../api/api-error';

/** Where a secret lives: sealed by the OS store (desktop), or in a file named by the configuration (headless). */
export type SecretRef = { store: 'os'; sealed: string } | { store: 'file'; path: string };

export interface SecretVault {
  /** true where the operating system seals secrets under a key it protects (never Linux's basic_text fallback). */
  readonly canSeal: boolean;
  seal(plain: Buffer): SecretRef;
  open(ref: SecretRef): Buffer;
}

function readSecretFile(path: string): Buffer {
  try {
    return fs.readFileSync(path);
  } catch (e) {
    throw new ApiError('invalid-input', `Fichier secret illisible « ${path} » : ${(e as Error).message}.`);
  }
}

/** The headless host keeps no secret itself: keys and passphrases stay in files the configuration names. */
export const fileVault: SecretVault = {
  canSeal: false,
  seal() {
    throw new ApiError(
      'unavailable',
      "Le mode headless n'enregistre aucune clé privée ni phrase secrète : indiquez le chemin du fichier qui la contient.",
    );
  },
  open(ref) {
    if (ref.store === 'file') return readSecretFile(ref.path);
    throw new ApiError('unavailable', 'Ce secret a été scellé par le coffre du poste de travail : il ne peut être ouvert que dans la console de bureau.');
  },
};

/** Builds a vault over an OS encryption facility (Electron safeStorage on the desktop). */
export function osVault(os: { available(): boolean; encrypt(plain: string): Buffer; decrypt(sealed: Buffer): string }): SecretVault {
  return {
    get canSeal() {
      return os.available();
    },
    seal(plain) {
      if (!os.available()) {
        throw new ApiError(
          'unavailable',
          "Le coffre de secrets du système n'est pas disponible sur ce poste : la clé n'a pas été enregistrée (elle ne l'est jamais en clair). " +
            "Sous Linux, il faut un trousseau actif (GNOME Keyring/libsecret ou KWallet) : sans trousseau, le chiffrement de repli « basic_text » utilise un mot de passe fixe et n'est pas accepté. " +
            'Utilisez un fichier de clé, ou activez le trousseau du système.',
        );
      }
      // Binary-safe: keys and PKCS#12 files are sealed as base64 text.
      return { store: 'os', sealed: os.encrypt(plain.toString('base64')).toString('base64') };
    },
    open(ref) {
      if (ref.store === 'file') return readSecretFile(ref.path);
      return Buffer.from(os.decrypt(Buffer.from(ref.sealed, 'base64')), 'base64');
    },
  };
}
