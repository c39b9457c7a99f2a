import { describe, expect, it } from 'vitest';
import { bytesToBase64, fileToBase64 } from './file-base64';

describe('CSV files as base64', () => {
  it('encodes bytes exactly, Windows-1252 included', () => {
    const bytes = new Uint8Array([0x6e, 0x6f, 0x6d, 0x3b, 0xe9, 0x80, 0x0d, 0x0a]);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('encodes a file larger than one chunk', async () => {
    const bytes = new Uint8Array(200_001).map((_, i) => (i * 7) % 256);
    expect(await fileToBase64(new Blob([bytes]))).toBe(Buffer.from(bytes).toString('base64'));
  });
});
