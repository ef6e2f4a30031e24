/**
 * Turns whatever a user holds (PEM text, a `file://` path, a `private.pkcs8://` string, DER bytes,
 * a certificate, a KeyObject) into an RSA `KeyObject` of the type asked for. What the input *is* is
 * decided first (by PEM label, scheme or KeyObject type), so a public key offered as a private one is
 * refused by name rather than by an OpenSSL decoder error. Node would happily derive a public key
 * from a private one; PHP refuses that, and so do we: a private key has no business in `certs`.
 */
import { createPrivateKey, createPublicKey, KeyObject, X509Certificate } from 'node:crypto';
import { InvalidArgumentException } from '../errors';
import { filePathOf, isFileUrl, looksLikePem, pemBlocks, readLocalFile, type PemBlock } from './key-source';

export type KeyType = 'public' | 'private';

/** Everything `Rsa.from` accepts. */
export type RsaKeyInput =
  | KeyObject
  | X509Certificate
  | string
  | Uint8Array
  | readonly [key: string | Uint8Array, passphrase: string];

/** What an input holds, known before parsing; `load` does the parsing. */
interface Material {
  readonly kind: KeyType | 'secret';
  /** e.g. `a public key (PEM "PUBLIC KEY")`, for messages: never key bytes. */
  readonly what: string;
  load(): KeyObject;
}

interface Scheme {
  readonly kind: KeyType;
  readonly type: 'pkcs1' | 'pkcs8' | 'spki';
}

/** PHP's `Rsa::from` schemes: base64 DER after the prefix. Case-sensitive, as in PHP. */
const SCHEMES: Readonly<Record<string, Scheme>> = {
  'private.pkcs1': { kind: 'private', type: 'pkcs1' },
  'private.pkcs8': { kind: 'private', type: 'pkcs8' },
  'public.pkcs1': { kind: 'public', type: 'pkcs1' },
  'public.spki': { kind: 'public', type: 'spki' },
};

const SCHEME_PREFIX = /^([A-Za-z0-9.+-]+):\/\//;
const SCHEME_LIST = Object.keys(SCHEMES).map((name) => `${name}://`).join(', ');

export function loadRsaKey(thing: unknown, type: KeyType): KeyObject {
  // The hot path: callers parse once and pass the KeyObject on every request.
  if (thing instanceof KeyObject && thing.type === type && thing.asymmetricKeyType === 'rsa') return thing;

  const source = describeSource(thing);
  const material = identify(thing, type, source, undefined);
  if (material.kind !== type) {
    throw new InvalidArgumentException(`Cannot load a ${type} key from ${source}: it holds ${material.what}.`);
  }
  let key: KeyObject;
  try {
    key = material.load();
  } catch (error) {
    if (error instanceof InvalidArgumentException) throw error;
    throw new InvalidArgumentException(`Cannot load a ${type} key from ${source}: ${material.what} that cannot be parsed.`, {
      cause: error,
    });
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new InvalidArgumentException(
      `Cannot load a ${type} key from ${source}: it holds an ${String(key.asymmetricKeyType)} key; WeChat Pay uses RSA.`,
    );
  }
  return key;
}

function identify(thing: unknown, type: KeyType, source: string, passphrase: string | undefined): Material {
  if (thing instanceof KeyObject) {
    return { kind: thing.type, what: `a ${thing.type} KeyObject`, load: () => thing };
  }
  if (thing instanceof X509Certificate) {
    return { kind: 'public', what: 'a certificate', load: () => thing.publicKey };
  }
  if (isKeyPassphrasePair(thing)) {
    return identify(thing[0], type, source, thing[1]);
  }
  if (thing instanceof Uint8Array) {
    return identifyBytes(Buffer.from(thing.buffer, thing.byteOffset, thing.byteLength), type, source, passphrase);
  }
  if (typeof thing === 'string') {
    if (isFileUrl(thing)) return identifyBytes(readLocalFile(thing, `a ${type} key`), type, source, passphrase);
    const scheme = SCHEME_PREFIX.exec(thing);
    if (scheme) return identifyScheme(scheme[1] as string, thing.slice(scheme[0].length), type, source);
    if (looksLikePem(thing)) return identifyPem(thing, type, source, passphrase);
  }
  throw new InvalidArgumentException(
    `Cannot load a ${type} key from ${source}: expected PEM text, a file:// path, one of ${SCHEME_LIST} followed by base64 DER, ` +
      `a KeyObject, an X509Certificate or a [key, passphrase] pair${looksLikeBarePath(thing) ? ' (a path needs the file:// prefix)' : ''}.`,
  );
}

function looksLikeBarePath(thing: unknown): boolean {
  return typeof thing === 'string' && !thing.includes('\n') && /\.(?:pem|key|crt|cer|der)$/i.test(thing);
}

function identifyScheme(name: string, base64: string, type: KeyType, source: string): Material {
  const scheme = SCHEMES[name];
  if (!scheme) {
    throw new InvalidArgumentException(`Cannot load a ${type} key from ${source}: unknown scheme; expected one of ${SCHEME_LIST}.`);
  }
  const der = Buffer.from(base64.replace(/\s+/g, ''), 'base64');
  const what = `a ${scheme.kind} key (${name}://)`;
  return scheme.kind === 'private'
    ? { kind: 'private', what, load: () => createPrivateKey({ key: der, format: 'der', type: scheme.type as 'pkcs1' | 'pkcs8' }) }
    : { kind: 'public', what, load: () => createPublicKey({ key: der, format: 'der', type: scheme.type as 'pkcs1' | 'spki' }) };
}

function identifyBytes(bytes: Buffer, type: KeyType, source: string, passphrase: string | undefined): Material {
  const text = bytes.toString('latin1');
  return looksLikePem(text) ? identifyPem(text, type, source, passphrase) : identifyDer(bytes, type, source, passphrase);
}

/** Picks the first block of the type asked for (a bundle may hold a certificate and its key); else reports the first. */
function identifyPem(text: string, type: KeyType, source: string, passphrase: string | undefined): Material {
  const blocks = pemBlocks(text);
  const materials = blocks.map((block) => pemMaterial(block, type, source, passphrase)).filter((m) => m !== undefined);
  const chosen = materials.find((m) => m.kind === type) ?? materials[0];
  if (chosen) return chosen;
  const labels = blocks.map((b) => `"${b.label}"`).join(', ') || 'none complete';
  throw new InvalidArgumentException(
    `Cannot load a ${type} key from ${source}: no RSA key or certificate PEM block (found ${labels}).`,
  );
}

function pemMaterial(block: PemBlock, type: KeyType, source: string, passphrase: string | undefined): Material | undefined {
  const what = (kind: string): string => `a ${kind} (PEM "${block.label}")`;
  const der = block.der;
  switch (block.label) {
    case 'PRIVATE KEY':
      return {
        kind: 'private',
        what: what('private key'),
        load: () => createPrivateKey({ key: pemBody(block), format: 'der', type: 'pkcs8' }),
      };
    case 'ENCRYPTED PRIVATE KEY':
      return {
        kind: 'private',
        what: what('private key'),
        load: () => {
          if (passphrase === undefined) throw needsPassphrase(type, source);
          return decrypting(type, source, () => createPrivateKey({ key: pemBody(block), format: 'der', type: 'pkcs8', passphrase }));
        },
      };
    case 'RSA PRIVATE KEY':
      return {
        kind: 'private',
        what: what('private key'),
        // Legacy OpenSSL encryption lives in PEM headers, so that form goes to node as PEM text.
        load: () => {
          if (der !== undefined) return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
          if (passphrase === undefined) throw needsPassphrase(type, source);
          return decrypting(type, source, () => createPrivateKey({ key: block.text, format: 'pem', passphrase }));
        },
      };
    case 'PUBLIC KEY':
      return {
        kind: 'public',
        what: what('public key'),
        load: () => createPublicKey({ key: pemBody(block), format: 'der', type: 'spki' }),
      };
    case 'RSA PUBLIC KEY':
      return {
        kind: 'public',
        what: what('public key'),
        load: () => createPublicKey({ key: pemBody(block), format: 'der', type: 'pkcs1' }),
      };
    case 'CERTIFICATE':
      return { kind: 'public', what: 'a certificate (PEM "CERTIFICATE")', load: () => new X509Certificate(pemBody(block)).publicKey };
    default:
      return undefined;
  }
}

/** DER has no label, so it is recognised by trying the structures in turn. */
function identifyDer(der: Buffer, type: KeyType, source: string, passphrase: string | undefined): Material {
  const attempts: ReadonlyArray<[kind: KeyType, what: string, parse: () => KeyObject]> = [
    ['private', 'a private key (DER PKCS#8)', () => createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase })],
    ['private', 'a private key (DER PKCS#1)', () => createPrivateKey({ key: der, format: 'der', type: 'pkcs1' })],
    ['public', 'a public key (DER SPKI)', () => createPublicKey({ key: der, format: 'der', type: 'spki' })],
    ['public', 'a public key (DER PKCS#1)', () => createPublicKey({ key: der, format: 'der', type: 'pkcs1' })],
    ['public', 'a certificate (DER)', () => new X509Certificate(der).publicKey],
  ];
  for (const [kind, what, parse] of attempts) {
    try {
      const key = parse();
      return { kind, what, load: () => key };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_MISSING_PASSPHRASE') throw needsPassphrase(type, source);
    }
  }
  throw new InvalidArgumentException(`Cannot load a ${type} key from ${source}: neither PEM nor a DER RSA key or certificate.`);
}

function pemBody(block: PemBlock): Buffer {
  if (block.der === undefined) throw new Error(`unexpected headers in a PEM "${block.label}" block`);
  return block.der;
}

function needsPassphrase(type: KeyType, source: string): InvalidArgumentException {
  return new InvalidArgumentException(`Cannot load a ${type} key from ${source}: the key is encrypted; pass [key, passphrase].`);
}

/** Runs the decryption of an encrypted private key; OpenSSL cannot tell a wrong passphrase from damage. */
function decrypting(type: KeyType, source: string, load: () => KeyObject): KeyObject {
  try {
    return load();
  } catch (error) {
    throw new InvalidArgumentException(
      `Cannot load a ${type} key from ${source}: the passphrase is wrong or the encrypted key is damaged.`,
      { cause: error },
    );
  }
}

function isKeyPassphrasePair(thing: unknown): thing is readonly [string | Uint8Array, string] {
  return (
    Array.isArray(thing) &&
    thing.length === 2 &&
    (typeof thing[0] === 'string' || thing[0] instanceof Uint8Array) &&
    typeof thing[1] === 'string'
  );
}

/** Names the input for messages without quoting it: a path or scheme is fine, key bytes never are. */
function describeSource(thing: unknown): string {
  if (thing instanceof KeyObject) return 'a KeyObject';
  if (thing instanceof X509Certificate) return 'an X509Certificate';
  if (isKeyPassphrasePair(thing)) return `a [key, passphrase] pair holding ${describeSource(thing[0])}`;
  if (Buffer.isBuffer(thing)) return 'a Buffer';
  if (thing instanceof Uint8Array) return 'a Uint8Array';
  if (typeof thing === 'string') {
    if (isFileUrl(thing)) return `the file ${filePathOf(thing)}`;
    const scheme = SCHEME_PREFIX.exec(thing);
    if (scheme) return `a ${scheme[1]}:// string`;
    if (looksLikePem(thing)) return 'a PEM string';
    return thing === '' ? 'an empty string' : 'a string';
  }
  if (thing === null) return 'null';
  if (Array.isArray(thing)) return 'an array';
  return `a value of type ${typeof thing}`;
}
