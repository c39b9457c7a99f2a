import { describe, expect, it } from 'vitest';
import { fileVault, osVault } from './secret-vault';

// A stand-in for Electron's safeStorage: reversible, but never the plain text.
const fakeOs = (available: boolean) => ({
  available: () => available,
  encrypt: (s: string) => Buffer.from(s.split('').reverse().join(''), 'utf8'),
  decrypt: (b: Buffer) => b.toString('utf8').split('').reverse().join(''),
});

describe('secret vaults', () => {
  it('seals with the OS store and opens it back; the sealed form is not the secret', () => {
    const vault = osVault(fakeOs(true));
    const ref = vault.seal(Buffer.from('-----BEGIN PRIVATE KEY-----abc'));
    expect(ref.store).toBe('os');
    expect(JSON.stringify(ref)).not.toContain('PRIVATE KEY');
    expect(vault.open(ref).toString()).toBe('-----BEGIN PRIVATE KEY-----abc');
  });
  it('refuses to save a secret where the OS store is unavailable, saying why', () => {
    expect(() => osVault(fakeOs(false)).seal(Buffer.from('x'))).toThrow(/coffre de secrets du système n'est pas disponible/);
    // A Linux session without keyring is the common case: the message says what to install, and why basic_text is refused.
    expect(() => osVault(fakeOs(false)).seal(Buffer.from('x'))).toThrow(/Sous Linux.*trousseau.*basic_text/);
    expect(osVault(fakeOs(false)).canSeal).toBe(false);
  });
  it('keeps nothing in headless mode: files only', () => {
    expect(fileVault.canSeal).toBe(false);
    expect(() => fileVault.seal(Buffer.from('x'))).toThrow(/headless/);
    expect(() => fileVault.open({ store: 'os', sealed: 'abc' })).toThrow(/console de bureau/);
    expect(() => fileVault.open({ store: 'file', path: '/nonexistent/key.pem' })).toThrow(/illisible/);
  });
});
