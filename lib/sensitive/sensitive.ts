/**
 * `Sensitive.encrypt`: encrypts exactly the fields an operation's description marks sensitive
 * (names, ID numbers, bank accounts, phone numbers; in the body or the query), RSA-OAEP for the
 * platform key, and names that key in `Wechatpay-Serial`: verb options in, verb options out.
 *
 *   await instance.v3.profitsharing.orders.postAsync(
 *     Sensitive.encrypt('v3/profitsharing/orders', 'POST', { json: body }, { serial, publicKey }),
 *   );
 *
 * The descriptions load on the first call, never when the package is imported.
 */
import { Rsa, type RsaKeyInput } from '../crypto/rsa';
import type { EndpointDescription } from '../endpoints/types';
import { InvalidArgumentException } from '../errors';
import { findOperation } from '../endpoints/operations';
import { bodyFields, mapAtPointers, sensitivePointers } from './sensitive-fields';

/** The key WeChat Pay decrypts with: the platform certificate's (or the WeChat Pay public key's). */
export interface SensitiveKey {
  /** Its serial, or the `PUB_KEY_ID_…` of a WeChat Pay public key: sent as `Wechatpay-Serial`. */
  readonly serial: string;
  /** The certificate or public key (PEM text, `file://` path, or a `KeyObject`). */
  readonly publicKey: RsaKeyInput;
}

/** The verb options that may carry sensitive fields; any other option passes through untouched. */
export interface SensitiveOptions {
  readonly json?: object;
  readonly query?: object;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The same options, the sensitive fields encrypted, and `Wechatpay-Serial` among the headers. */
export type EncryptedOptions<O extends SensitiveOptions> = O & { readonly headers: Readonly<Record<string, string>> & { readonly 'Wechatpay-Serial': string } };

/** Where an operation's sensitive fields are: JSON pointers into the body, names in the query. */
export interface SensitiveFields {
  /** `*` stands for every index of an array: `/receivers/*` + `/name`. */
  readonly json: readonly string[];
  readonly query: readonly string[];
}

/** An operation: its path template as the chain names it (`v3/profitsharing/orders`), or its description. */
export type OperationRef = string | EndpointDescription;

export class Sensitive {
  private constructor() {}

  /** Where `method operation` sends encrypted fields. */
  static fields(operation: OperationRef, method = 'POST'): SensitiveFields {
    const endpoint = describe(operation, method);
    return { json: sensitivePointers(bodyFields(endpoint)), query: sensitivePointers(endpoint.query).map((pointer) => pointer.slice(1)) };
  }

  /**
   * `options` (the verb options you would send) with each described sensitive field of its `json`
   * and `query` that is present (nested and in arrays too) encrypted for `key`, and the
   * `Wechatpay-Serial` header that names the key added to its `headers`. Nothing else changes.
   * @throws InvalidArgumentException for an undescribed operation, a missing serial or key, or a
   *   sensitive value that is not text.
   */
  static encrypt<const O extends SensitiveOptions>(operation: OperationRef, method: string, options: O, key: SensitiveKey): EncryptedOptions<O> {
    if (typeof key?.serial !== 'string' || key.serial === '') {
      throw new InvalidArgumentException('Sensitive.encrypt needs the platform serial (or PUB_KEY_ID_…) as `serial`: it is sent as Wechatpay-Serial.');
    }
    const publicKey = Rsa.from(key.publicKey, Rsa.KEY_TYPE_PUBLIC);
    const where = Sensitive.fields(operation, method);
    const encrypt = (value: unknown, pointer: string): string => {
      if (typeof value !== 'string') throw new InvalidArgumentException(`Sensitive field ${pointer} must be text to be encrypted, got ${typeof value}.`);
      return Rsa.encrypt(value, publicKey);
    };
    return {
      ...options,
      ...(options.json === undefined ? {} : { json: mapAtPointers(options.json, where.json, encrypt) }),
      ...(options.query === undefined ? {} : { query: mapAtPointers(options.query, where.query.map((name) => `/${name}`), encrypt) }),
      headers: { ...options.headers, 'Wechatpay-Serial': key.serial },
    };
  }
}

function describe(operation: OperationRef, method: string): EndpointDescription {
  if (typeof operation !== 'string') return operation;
  const found = findOperation(method, operation);
  if (!found) throw new InvalidArgumentException(`No described operation ${method.toUpperCase()} ${operation}: name it by its path template, e.g. 'v3/profitsharing/orders'.`);
  return found;
}
