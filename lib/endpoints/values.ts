/**
 * Type-level reading of a description: the TypeScript type of the values its fields accept, so a
 * request body or a response can be typed straight from the `as const` data.
 *
 *   type Body = BodyOf<typeof prepayJsapi>;   // { appid: string; amount: { total: number; … }; … }
 */
import type { EndpointDescription, FieldSpec, Fields } from './types';

/** The value a single field carries on the wire (encrypted fields: the ciphertext string). */
export type FieldValue<F extends FieldSpec> = F extends { type: 'string'; enum: readonly (infer E)[] }
  ? E
  : F extends { type: 'string' }
    ? string
    : F extends { type: 'integer' }
      ? number
      : F extends { type: 'boolean' }
        ? boolean
        : F extends { type: 'object'; properties: infer P extends Fields }
          ? FieldsValue<P>
          : F extends { type: 'array'; items: infer I extends FieldSpec }
            ? FieldValue<I>[]
            : never;

type RequiredKeys<P extends Fields> = { [K in keyof P]: P[K] extends { required: true } ? K : never }[keyof P];

type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** An object of named fields: required ones mandatory, the rest optional. */
export type FieldsValue<P extends Fields> = Flatten<
  { [K in RequiredKeys<P>]: FieldValue<P[K]> } & { [K in Exclude<keyof P, RequiredKeys<P>>]?: FieldValue<P[K]> }
>;

type ValueOf<F> = F extends Fields ? FieldsValue<F> : Record<string, never>;

export type BodyOf<E extends EndpointDescription> = ValueOf<E['body']>;
export type QueryOf<E extends EndpointDescription> = ValueOf<E['query']>;
export type PathParamsOf<E extends EndpointDescription> = ValueOf<E['pathParams']>;
export type ResponseOf<E extends EndpointDescription> = ValueOf<E['response']['body']>;
