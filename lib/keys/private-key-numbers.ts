/**
 * A merchant private key given as PEM text, read to its RSA numbers without OpenSSL (see
 * crypto/rsa-private-der.ts). The block chosen is the one `Rsa.from` would load: the first private-key block
 * of the text. Undefined for anything this does not read (a path, a KeyObject, an encrypted or small key…):
 * `loadKey` takes those, and names their problems, as before.
 */
import { InvalidArgumentException } from '../errors';
import { looksLikePem, pemBlocks } from '../crypto/key-source';
import { readRsaPrivateDer, rsaNumbersAgree, type RsaPrivateFormat, type RsaPrivateNumbers } from '../crypto/rsa-private-der';

const PRIVATE_KEY_LABELS = new Set(['PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY']);
const FORMATS: Readonly<Record<string, RsaPrivateFormat>> = { 'PRIVATE KEY': 'pkcs8', 'RSA PRIVATE KEY': 'pkcs1' };

/** `field` names the option in the error, e.g. "`privateKey`". */
export function privateKeyNumbers(value: unknown, field: string): RsaPrivateNumbers | undefined {
  if (typeof value !== 'string' || !looksLikePem(value)) return undefined;
  const block = pemBlocks(value).find((candidate) => PRIVATE_KEY_LABELS.has(candidate.label));
  const format = block && FORMATS[block.label];
  if (block?.der === undefined || format === undefined) return undefined;
  const numbers = readRsaPrivateDer(block.der, format);
  if (numbers !== undefined && !rsaNumbersAgree(numbers)) throw damagedKey(field);
  return numbers;
}

/** OpenSSL loads such a key and signs with it; every signature would then be refused by WeChat Pay. */
export function damagedKey(field: string): InvalidArgumentException {
  return new InvalidArgumentException(
    `${field} could not be loaded as an RSA private key: its numbers disagree (n is not p·q, or d, dp, dq or qi does not match): the key is damaged.`,
  );
}
