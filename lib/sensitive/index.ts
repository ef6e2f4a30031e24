/** Sensitive request fields: which ones an operation encrypts, and the one call that encrypts them. */
export { Sensitive, type EncryptedRequest, type OperationRef, type SensitiveKey } from './sensitive';
export { sensitivePointers } from './sensitive-fields';
