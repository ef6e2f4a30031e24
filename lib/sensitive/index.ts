/** Sensitive request fields: which ones an operation encrypts, and the one call that encrypts them. */
export { Sensitive, type EncryptedOptions, type OperationRef, type SensitiveFields, type SensitiveKey, type SensitiveOptions } from './sensitive';
export { sensitivePointers } from './sensitive-fields';
