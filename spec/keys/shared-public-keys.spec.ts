/**
 * Public keys are one KeyObject per distinct key in the process: the same PEM text is parsed once, another
 * text of the same key (another line ending, a certificate's key re-encoded) finds the same object by its
 * SPKI bytes, and a text that fails to load fails every time.
 */
import { generateKeyPairSync } from 'node:crypto';
import { loadKey } from '../../lib/keys/load-key';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();

it('the same key, from the same text or another text of it, is one KeyObject', () => {
  const first = loadKey(pem, 'public', '`certs`');
  expect(loadKey(`${pem}`.slice(0), 'public', '`certs`')).toBe(first);
  expect(loadKey(pem.replace(/\n/g, '\r\n'), 'public', '`certs`')).toBe(first);
  expect(loadKey(publicKey.export({ format: 'pem', type: 'pkcs1' }).toString(), 'public', '`certs`')).toBe(first);
  expect(first.export({ format: 'der', type: 'spki' }).equals(publicKey.export({ format: 'der', type: 'spki' }))).toBe(true);
});

it('a text that cannot be loaded as a public key fails each time, naming the field', () => {
  const privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  for (let i = 0; i < 2; i++) expect(() => loadKey(privatePem, 'public', "`certs['PUB_KEY_ID_1']`")).toThrow(/^`certs\['PUB_KEY_ID_1'\]` could not be loaded as an RSA public key/);
});
