/**
 * `Sensitive.encrypt`: encrypts exactly the fields an operation's description marks sensitive
 * (names, ID numbers, bank accounts, phone numbers), RSA-OAEP for the platform key, and names
 * that key in `Wechatpay-Serial`, so the result spreads straight into a verb's options:
 *
 *   await instance.v3.profitsharing.orders.postAsync(
 *     Sensitive.encrypt('v3/profitsharing/orders', 'POST', body, { serial, publicKey }),
 *   );
 *
 * The descriptions load on the first call, never when the package is imported.
 */
import { Rsa, type RsaKeyInput } from '../crypto/rsa';
import type { EndpointDescription } from '../endpoints/types';
import { InvalidArgumentException } from '../errors';
import { describedOperation } from './operations';
import { mapAtPointers, sensitivePointers } from './sensitive-fields';

/** The key WeChat Pay decrypts with: the platform certificate's (or the WeChat Pay public key's). */
export interface SensitiveKey {
  /** Its serial, or the `PUB_KEY_ID_…` of a WeChat Pay public key: sent as `Wechatpay-Serial`. */
  readonly serial: string;
  /** The certificate or public key (PEM text, `file://` path, or a `KeyObject`). */
  readonly publicKey: RsaKeyInput;
}

/** Verb options carrying the encrypted body and the header that names the key. */
export interface EncryptedRequest<T> {
  readonly json: T;
  readonly headers: { readonly 'Wechatpay-Serial': string };
}

/** An operation: its path template as the chain names it (`v3/profitsharing/orders`), or its description. */
export type OperationRef = string | EndpointDescription;

export class Sensitive {
  private constructor() {}

  /** The JSON pointers of the request body fields that `method operation` sends encrypted (`*` = every array index). */
  static fields(operation: OperationRef, method = 'POST'): string[] {
    return sensitivePointers(describe(operation, method).body);
  }

  /**
   * A copy of `body` whose described sensitive fields (present ones, nested and in arrays too) are
   * encrypted for `key`, with the `Wechatpay-Serial` header to send beside it.
   * @throws InvalidArgumentException for an undescribed operation or a sensitive value that is not text.
   */
  static encrypt<T extends object>(operation: OperationRef, method: string, body: T, key: SensitiveKey): EncryptedRequest<T> {
    if (typeof key?.serial !== 'string' || key.serial === '') {
      throw new InvalidArgumentException('Sensitive.encrypt needs the platform serial (or PUB_KEY_ID_…) as `serial`: it is sent as Wechatpay-Serial.');
    }
    const publicKey = Rsa.from(key.publicKey, Rsa.KEY_TYPE_PUBLIC);
    const json = mapAtPointers(body, Sensitive.fields(operation, method), (value, pointer) => {
      if (typeof value !== 'string') {
        throw new InvalidArgumentException(`Sensitive field ${pointer} must be text to be encrypted, got ${typeof value}.`);
      }
      return Rsa.encrypt(value, publicKey);
    });
    return { json, headers: { 'Wechatpay-Serial': key.serial } };
  }
}

function describe(operation: OperationRef, method: string): EndpointDescription {
  if (typeof operation !== 'string') return operation;
  const found = describedOperation(method, operation);
  if (!found) throw new InvalidArgumentException(`No described operation ${method.toUpperCase()} ${operation}: name it by its path template, e.g. 'v3/profitsharing/orders'.`);
  return found;
}
