/**
 * One `KeyObject` per distinct public key in the process. Merchants that trust the same platform
 * certificate or WeChat Pay public key, each reading it from its own PEM text, would otherwise hold a copy
 * each, in OpenSSL memory V8 cannot see. Keys are matched by their SPKI bytes and held weakly: a key no
 * client uses any more is collected as usual. PEM text already loaded is not parsed again: the thousandth
 * merchant configured with the same text gets the key the first one loaded, without OpenSSL's work.
 */
import type { KeyObject } from 'node:crypto';

const byIdentity = new Map<string, WeakRef<KeyObject>>();
const byText = new Map<string, WeakRef<KeyObject>>();
/** Drops a map's entry once its key is collected (unless a newer key took the entry). */
const forget = new FinalizationRegistry<{ map: Map<string, WeakRef<KeyObject>>; name: string }>(({ map, name }) => {
  if (map.get(name)?.deref() === undefined) map.delete(name);
});

/** The process's `KeyObject` for this public key: `key` itself the first time, the earlier one after. */
export function sharedPublicKey(key: KeyObject): KeyObject {
  const identity = key.export({ format: 'der', type: 'spki' }).toString('base64');
  return remembered(byIdentity, identity) ?? remember(byIdentity, identity, key);
}

/** The shared key for this PEM text: `load()` parses it the first time only (a failure is not remembered). */
export function sharedPublicKeyOfPem(text: string, load: () => KeyObject): KeyObject {
  return remembered(byText, text) ?? remember(byText, text, sharedPublicKey(load()));
}

function remembered(map: Map<string, WeakRef<KeyObject>>, name: string): KeyObject | undefined {
  return map.get(name)?.deref();
}

function remember(map: Map<string, WeakRef<KeyObject>>, name: string, key: KeyObject): KeyObject {
  map.set(name, new WeakRef(key));
  forget.register(key, { map, name });
  return key;
}
