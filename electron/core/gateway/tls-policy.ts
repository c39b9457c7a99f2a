// The gateway's TLS policy, as a hardened reverse proxy would set it (Mozilla "intermediate" profile).
import { constants } from 'node:crypto';
import tls from 'node:tls';

/**
 * TLS 1.2 suites, in the server's order of preference: only ECDHE (forward secrecy) with AEAD ciphers
 * (AES-GCM, ChaCha20-Poly1305). No RSA key exchange, no CBC (Lucky 13, padding oracles), no SHA-1.
 * AES-128 first: as strong as needed and faster without AES-NI; ChaCha20 last for clients without AES-NI.
 */
export const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
] as const;

/**
 * Node's TLS 1.3 suites. Node splits `ciphers` into TLS 1.3 names (TLS_*) and the rest: a list without
 * any TLS_* name would switch TLS 1.3 off, so they must be repeated here.
 */
function tls13Defaults(): string[] {
  return tls.DEFAULT_CIPHERS.split(':').filter((c) => c.startsWith('TLS_'));
}

export interface TlsPolicy {
  minVersion: tls.SecureVersion;
  ciphers: string;
  honorCipherOrder: boolean;
  secureOptions: number;
}

export function tlsPolicy(): TlsPolicy {
  return {
    minVersion: 'TLSv1.2',
    ciphers: [...tls13Defaults(), ...TLS12_CIPHERS].join(':'),
    honorCipherOrder: true,
    // Node tolerates three client-initiated renegotiations per ten minutes; each costs the server a
    // full handshake (a cheap CPU exhaustion) and editors never need one: OpenSSL refuses them all.
    secureOptions: constants.SSL_OP_NO_RENEGOTIATION,
  };
}
