/** Helpers shared by the sandbox specs: encrypting sensitive fields the way a client must (OAEP, SHA-1). */
import { constants, publicEncrypt } from 'node:crypto';

/** RSAES-OAEP with SHA-1 and MGF1-SHA-1, base64 — written here from docs/protocol.md §6, not taken from lib/. */
export function encryptForPlatform(plaintext: string, platformPem: string): string {
  return publicEncrypt({ key: platformPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(plaintext)).toString('base64');
}

export const uniqueId = (prefix: string): string => `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
