/** Bytes as base64, in chunks (String.fromCharCode with a whole 8 MiB file would overflow the call stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  const CHUNK = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** The largest CSV the console accepts (the contract carries up to 12,000,000 base64 characters). */
export const MAX_CSV_BYTES = 8 * 1024 * 1024;

export async function fileToBase64(file: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}
