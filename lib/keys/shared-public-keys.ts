/**
 * One `KeyObject` per distinct public key in the process. Merchants that trust the same platform
 * certificate or WeChat Pay public key, each reading it from its own PEM text, would otherwise hold a copy
 * each, in OpenSSL memory V8 cannot see. Keys are matched by their SPKI bytes and held weakly: a key no
 * client uses any more is collected as usual.
 */
import type { KeyObject } from 'node:crypto';

const byIdentity = new Map<string, WeakRef<KeyObject>>();
const forget = new FinalizationRegistry<string>((identity) => {
  if (byIdentity.get(identity)?.deref() === undefined) byIdentity.delete(identity);
});

/** The process's `KeyObject` for this public key: `key` itself the first time, the earlier one after. */
export function sharedPublicKey(key: KeyObject): KeyObject {
  const identity = key.export({ format: 'der', type: 'spki' }).toString('base64');
  const known = byIdentity.get(identity)?.deref();
  if (known !== undefined) return known;
  byIdentity.set(identity, new WeakRef(key));
  forget.register(key, identity);
  return key;
}
