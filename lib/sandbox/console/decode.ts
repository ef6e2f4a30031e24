/**
 * "Decode in place": a sent notification checked and opened as a merchant server would: the signature
 * over the latest attempt's `Wechatpay-Timestamp`, `Wechatpay-Nonce` and body, with the key its
 * `Wechatpay-Serial` names, then the resource decrypted with the APIv3 key (AEAD_AES_256_GCM). The sandbox
 * does this with the crypto primitives only: it never loads the client's notification code, so a bug
 * there cannot hide a bug here.
 */
import { AesGcm } from '../../crypto/aes-gcm';
import { Rsa } from '../../crypto/rsa';
import { Formatter } from '../../formats/formatter';
import type { Delivery } from '../notifier';
import type { SandboxWorld } from '../world';

interface Envelope {
  readonly id: string;
  readonly event_type: string;
  readonly resource: { readonly ciphertext: string; readonly nonce: string; readonly associated_data?: string };
}

export function decodeDelivery(delivery: Delivery, world: SandboxWorld): Record<string, unknown> {
  const headers = delivery.sentHeaders;
  if (!headers) throw new Error(`Notification ${delivery.id} has not been sent yet.`);
  const serial = headers['Wechatpay-Serial']!;
  const key = verificationKeys(world).get(serial);
  if (!key) throw new Error(`Notification ${delivery.id} names Wechatpay-Serial ${serial}, which is no key of this sandbox.`);
  const message = Formatter.response(headers['Wechatpay-Timestamp'], headers['Wechatpay-Nonce']!, delivery.body);
  if (!Rsa.verify(message, headers['Wechatpay-Signature']!, key)) throw new Error(`Notification ${delivery.id}: the signature does not verify with ${serial}.`);
  const envelope = JSON.parse(delivery.body) as Envelope;
  const { ciphertext, nonce, associated_data: aad = '' } = envelope.resource;
  return {
    verified_with: serial,
    event: envelope,
    resource: JSON.parse(AesGcm.decrypt(ciphertext, world.keys.apiv3Key, nonce, aad)) as unknown,
  };
}

/** Public keys by the serial a notification may carry: the public key id, the platform certificates old and new. */
function verificationKeys(world: SandboxWorld): Map<string, string> {
  const { keys } = world;
  return new Map([
    [keys.publicKey.id, keys.publicKey.publicKeyPem],
    [keys.platform.serial, keys.platform.certificatePem],
    ...world.retiredPlatforms.map(({ serial, certificatePem }) => [serial, certificatePem] as [string, string]),
  ]);
}
