/**
 * The notification body after its signature has been verified: the envelope read and checked, then
 * `resource` decrypted with AEAD_AES_256_GCM (APIv3 key, `nonce`, `associated_data`).
 */
import { AesGcm } from '../crypto/aes-gcm';
import { NotificationError, NotificationFailure } from './notification-error';
import type { EncryptedResource, NotificationEnvelope, NotificationEvent, ParsedNotification } from './resources';

const ALGORITHM = 'AEAD_AES_256_GCM';
const ENVELOPE_FIELDS = ['id', 'create_time', 'event_type', 'resource_type', 'summary'] as const;
const RESOURCE_FIELDS = ['ciphertext', 'nonce'] as const;

export function readEnvelope(text: string): NotificationEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw bodyError(`the body is not JSON (${(error as Error).message}).`, error);
  }
  if (!isRecord(parsed)) throw bodyError('the body is not a JSON object.');
  const missing = ENVELOPE_FIELDS.filter((name) => typeof parsed[name] !== 'string');
  if (missing.length > 0) throw bodyError(`the envelope lacks the text field(s) ${missing.join(', ')}.`);
  const resource = parsed['resource'];
  if (!isRecord(resource)) throw bodyError('the envelope has no `resource` object.', undefined, parsed['id']);
  const absent = RESOURCE_FIELDS.filter((name) => typeof resource[name] !== 'string');
  if (absent.length > 0) throw bodyError(`\`resource\` lacks ${absent.join(', ')}.`, undefined, parsed['id']);
  if (resource['algorithm'] !== ALGORITHM) {
    throw bodyError(`\`resource.algorithm\` is ${JSON.stringify(resource['algorithm'])}; only ${ALGORITHM} is supported.`, undefined, parsed['id']);
  }
  if (resource['associated_data'] !== undefined && typeof resource['associated_data'] !== 'string') {
    throw bodyError('`resource.associated_data` is not text.', undefined, parsed['id']);
  }
  return parsed as unknown as NotificationEnvelope;
}

/** The event (envelope without ciphertext) and the decrypted resource. `apiv3Key` is already checked to be 32 bytes. */
export function openEnvelope(envelope: NotificationEnvelope, apiv3Key: string | Uint8Array): ParsedNotification {
  const event: NotificationEvent = {
    id: envelope.id,
    create_time: envelope.create_time,
    event_type: envelope.event_type,
    resource_type: envelope.resource_type,
    summary: envelope.summary,
  };
  return { event, resource: decryptResource(envelope.resource, apiv3Key, envelope.id) };
}

function decryptResource(resource: EncryptedResource, apiv3Key: string | Uint8Array, id: string): Record<string, unknown> {
  let plaintext: string;
  try {
    plaintext = AesGcm.decrypt(resource.ciphertext, apiv3Key, resource.nonce, resource.associated_data ?? '');
  } catch (error) {
    throw new NotificationError(
      NotificationFailure.DECRYPT,
      `\`resource\` of notification ${id} does not decrypt (AEAD_AES_256_GCM, associated_data ${JSON.stringify(resource.associated_data ?? '')}): check the APIv3 key.`,
      { cause: error, notificationId: id },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext);
  } catch (error) {
    throw bodyError('the decrypted resource is not JSON.', error, id);
  }
  if (!isRecord(parsed)) throw bodyError('the decrypted resource is not a JSON object.', undefined, id);
  return parsed;
}

function bodyError(message: string, cause?: unknown, id?: unknown): NotificationError {
  return new NotificationError(NotificationFailure.BODY, message, { cause, notificationId: typeof id === 'string' ? id : undefined });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
