/**
 * "Decode in place": a sent notification checked and opened exactly as a merchant server would, with
 * the SDK's own `Notification.parse` (signature over the latest attempt's headers, then AES-GCM).
 */
import { Notification } from '../../notify';
import type { Delivery } from '../notifier';
import type { SandboxWorld } from '../world';

export function decodeDelivery(delivery: Delivery, world: SandboxWorld): Record<string, unknown> {
  if (!delivery.sentHeaders) throw new Error(`Notification ${delivery.id} has not been sent yet.`);
  const { keys } = world;
  const certs: Record<string, string> = { [keys.publicKey.id]: keys.publicKey.publicKeyPem, [keys.platform.serial]: keys.platform.certificatePem };
  for (const retired of world.retiredPlatforms) certs[retired.serial] = retired.certificatePem;
  const parsed = Notification.parse(
    { headers: delivery.sentHeaders, body: delivery.body },
    // Checked as the receiver did at delivery time: the clock window is about the sending, not this look.
    { certs, apiv3Key: keys.apiv3Key, now: () => Number(delivery.sentHeaders?.['Wechatpay-Timestamp']) },
  );
  return {
    verified_with: delivery.sentHeaders['Wechatpay-Serial'],
    event: parsed.event,
    resource: parsed.resource,
  };
}
