// Whether Electron's safeStorage really seals secrets with a key the OS protects.
// Kept apart from main.ts so the decision is tested without Electron.

export interface SealingFacts {
  platform: NodeJS.Platform;
  /** safeStorage.isEncryptionAvailable() */
  available: boolean;
  /** safeStorage.getSelectedStorageBackend(), asked on Linux only (it exists nowhere else). */
  backend?: string | null;
}

/**
 * Linux backends whose key is held by a keyring. Listed rather than excluded: `basic_text` (no keyring found, or
 * --password-store=basic) encrypts with a password written in Chromium's source yet reports itself available,
 * `unknown` means "asked before ready", and a backend a later Electron adds is refused until someone checks it.
 */
const LINUX_KEYRING_BACKENDS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

export function isSealingSecure({ platform, available, backend }: SealingFacts): boolean {
  if (!available) return false;
  if (platform !== 'linux') return true; // Keychain (macOS) and DPAPI (Windows) have no plain-text fallback.
  return typeof backend === 'string' && LINUX_KEYRING_BACKENDS.has(backend);
}
