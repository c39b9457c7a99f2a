import { describe, expect, it } from 'vitest';
import { isSealingSecure } from './os-secret-store';

describe('OS secret store trust', () => {
  it('refuses Linux basic_text: available, but keyed with a fixed password', () => {
    expect(isSealingSecure({ platform: 'linux', available: true, backend: 'basic_text' })).toBe(false);
  });

  it('refuses Linux before a backend is known, or with one it does not know', () => {
    expect(isSealingSecure({ platform: 'linux', available: true, backend: 'unknown' })).toBe(false);
    expect(isSealingSecure({ platform: 'linux', available: true })).toBe(false);
    expect(isSealingSecure({ platform: 'linux', available: true, backend: 'some_future_store' })).toBe(false);
  });

  it('accepts the Linux keyrings', () => {
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) {
      expect(isSealingSecure({ platform: 'linux', available: true, backend })).toBe(true);
    }
  });

  it('trusts availability alone on macOS and Windows, and never an unavailable store', () => {
    expect(isSealingSecure({ platform: 'darwin', available: true })).toBe(true);
    expect(isSealingSecure({ platform: 'win32', available: true })).toBe(true);
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      expect(isSealingSecure({ platform, available: false, backend: 'gnome_libsecret' })).toBe(false);
    }
  });
});
