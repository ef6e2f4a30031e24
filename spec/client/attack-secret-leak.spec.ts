/**
 * Attack: print the client. `JSON.stringify(instance.getDriver())` and `util.inspect(…, { depth: 10 })`
 * printed the APIv2 secret and the mutual-TLS private key PEM. This spec builds clients with every secret
 * a config takes, walks every object reachable from them (own properties, symbols, getters, Map and Set
 * entries, the chain's own accessors), serialises each one both ways, and looks for every secret. The same
 * walk covers a CertificateManager, which holds a client of its own and the APIv3 key.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { Builder, CertificateManager, type BuilderChainable } from '../../lib';
import { generateSandboxKeys, Sandbox } from '../../lib/sandbox';
import { testConfig } from '../helpers/config';
import { legacyPkcs12, makeMtlsCertificates } from '../helpers/v2-certs';

/** Text that would betray a secret: the secret, a slice of a PEM's body, a Buffer's bytes in the forms Node prints. */
function needlesOf(secret: string | Buffer): string[] {
  if (typeof secret !== 'string') {
    return [secret.subarray(8, 40).toString('base64'), secret.subarray(8, 24).toString('hex').replace(/(..)(?!$)/g, '$1 '), JSON.stringify([...secret.subarray(8, 24)]).slice(1, -1)];
  }
  const body = secret.match(/^[A-Za-z0-9+/]{64}$/m);
  return body ? [body[0]] : [secret];
}

/** Every object reachable from `roots`: own data properties (string and symbol keys), getters, Map/Set entries. */
function reachable(roots: unknown[]): object[] {
  const seen = new Set<object>();
  const queue = [...roots];
  while (queue.length > 0 && seen.size < 50_000) {
    const value = queue.shift();
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof Map) for (const [key, item] of value) queue.push(key, item);
    if (value instanceof Set) for (const item of value) queue.push(item);
    for (let owner: object | null = value; owner && owner !== Object.prototype && owner !== Function.prototype; owner = Object.getPrototypeOf(owner)) {
      for (const key of Reflect.ownKeys(owner)) {
        const descriptor = Object.getOwnPropertyDescriptor(owner, key)!;
        if ('value' in descriptor) {
          if (owner === value) queue.push(descriptor.value);
        } else if (descriptor.get) {
          try {
            queue.push(descriptor.get.call(value));
          } catch {
            // a getter that refuses this receiver exposes nothing
          }
        }
      }
    }
  }
  return [...seen];
}

function printings(value: object): string[] {
  const out = [inspect(value, { depth: 10 }), inspect(value, { depth: 10, showHidden: true })];
  try {
    out.push(String(JSON.stringify(value)));
  } catch {
    // circular or BigInt: JSON.stringify throws instead of printing
  }
  return out;
}

/** What printing any object reachable from `roots` would betray of `secrets`. */
function leaksFrom(roots: unknown[], secrets: Array<string | Buffer>): string[] {
  const objects = reachable(roots);
  expect(objects.length).toBeGreaterThan(20);
  const leaks: string[] = [];
  for (const object of objects) {
    for (const text of printings(object)) {
      for (const needle of secrets.flatMap(needlesOf)) {
        if (text.includes(needle)) leaks.push(`${object.constructor?.name ?? 'Object'} prints ${needle.slice(0, 12)}…: ${text.slice(0, 200)}`);
      }
    }
  }
  return leaks;
}

describe('no object reachable from a client prints a secret (attack: logging the driver)', () => {
  const merchantKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  // The client keeps the key as its RSA numbers (see merchant-key.ts): the private exponent must not print either.
  const exponent = createPrivateKey(merchantKey).export({ format: 'jwk' }).d!;
  const keyNumbers = [exponent, Buffer.from(exponent, 'base64url')];
  const secret = randomBytes(16).toString('hex');
  const passphrase = `pass-${randomBytes(12).toString('hex')}`;
  const mtls = makeMtlsCertificates();
  const pfx = legacyPkcs12(mtls.client, passphrase);

  const clients: Array<[string, BuilderChainable, Array<string | Buffer>]> = [
    ['PEM mutual TLS', Builder.factory(testConfig({ privateKey: merchantKey, secret, merchant: { cert: mtls.client.cert, key: mtls.client.key, passphrase } })), [merchantKey, ...keyNumbers, secret, mtls.client.key, passphrase]],
    ['PKCS#12 mutual TLS', Builder.factory(testConfig({ privateKey: merchantKey, secret, merchant: { pfx, passphrase } })), [merchantKey, ...keyNumbers, secret, pfx, passphrase]],
  ];

  it.each(clients)('%s: JSON.stringify and util.inspect of every reachable object show no secret', (_label, instance, secrets) => {
    const driver = instance.getDriver();
    const roots: unknown[] = [
      instance,
      driver,
      driver.select(),
      driver.select('v2'),
      driver.select().getConfig(),
      driver.select('v2').getConfig(),
      driver.config.apiv3!.privateKey,
      driver.select().handler,
      driver.select('v2').handler,
      instance.v3.pay.transactions,
      instance.chain('v2/pay/micropay'),
    ];
    expect(leaksFrom(roots, secrets)).toEqual([]);
  });
});

describe('no object reachable from a CertificateManager prints a secret', () => {
  let box: Sandbox;
  let manager: CertificateManager;

  beforeAll(async () => {
    box = await Sandbox.start({ mode: 'cert', keys: await generateSandboxKeys() });
    manager = await CertificateManager.create({ mchid: box.mchid, serial: box.merchantSerial, privateKey: box.merchantPrivateKeyPem, apiv3Key: box.apiv3Key, base_uri: box.baseUri });
  }, 60_000);
  afterAll(async () => {
    await manager?.close();
    await box?.stop();
  });

  it('JSON.stringify and util.inspect of every reachable object show neither the APIv3 key nor the merchant key', () => {
    expect(manager.serials().length).toBeGreaterThan(0);
    const roots: unknown[] = [manager, manager.serials(), ...manager.serials().map((serial) => manager.get(serial))];
    expect(leaksFrom(roots, [box.apiv3Key, box.merchantPrivateKeyPem])).toEqual([]);
  });
});
