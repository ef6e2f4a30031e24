/**
 * The checks shared by the response verifier and Notification.parse, against the published vectors of
 * docs/protocol.md §12 V9 (signed with the Go SDK's test key).
 */
import { createPublicKey } from 'node:crypto';
import { CertificateStore } from '../../lib/keys/certificate-store';
import { checkSignature, checkSignatureAsync, MAXIMUM_CLOCK_OFFSET, type SignatureCheckInput } from '../../lib/keys/signature-check';
import { goTestKeyPem } from '../helpers/sandbox-keys';

const TIMESTAMP = '1554208460';
const NONCE = 'c5ac7061fccab6bf3e254dcf98995b8c';
const BODY = '{"individual_auth_id":"1900000109","operation_time":"2018-06-08T10:34:56+08:00","auth_state":"AUTHORIZED"}';
const SIGNATURE =
  'OFg65QlFhLhLmCyJlzgdJBUPh0lIEhWhFf5BtwHJBvEMJyeBbsoU7Ev+XMTpwDG7cEellHd9qIg6OeUu7/qNueoZx7uwoymv6DsoFx7GMwHcZHaqqFzTiuV0Prx8uE2s0iQelD5gsvwufBRtu190ePl4+1lndOAcj15MBtV5t4R1V+LwqrAmtT862BTCmxQ9MUWVs0P+14F8+zh1K1XklqaRwa8+pfjHoRI6nZwUa3xyL4esUh8c3D68lIPPqsjsViGABqmC6v8Qwr5SU1a/BTOraJ76u+SBIythCWgQoImhZnjBpdpS9d5rtvpYl4LJUtsTmKX2DuJ7zzi0DOw08Q==';
const EMPTY_BODY_SIGNATURE =
  'ZINwyYQs1eEAQ7a/WR3mOgOmCJVDH0bEuVj8EwCOiyo83sh9j87wJwjKffFyaadtX2W5nrHeLkriM/3aNVAASgedCxx9YF3d1PiXViGutqyoZEwFrRvxwLQMFnEpKzEEsf+3MOHFJla//aguW1998hp6RlMFVcUoDCC7QNoTpIZKq1vJZz2uorm82o1jyu5e2+TX0md3ImYs9YGOwZMQ7ftDQdbxXevoj1gtBoABxv+lWqPYc0R0WY2hz0nLKcKsh3RfEvzDQ0RtThw1R5qqnW2Knw2ggeepZXEPyB2VdtCHpb4EZzdKM39qgbTdkYnz8TkeInLxgP6NpKJ6sVCvDA==';
const SERIAL = 'PUB_KEY_ID_0000000000000024101100397200000006';

const certs = new CertificateStore([[SERIAL, createPublicKey(goTestKeyPem())]]);
const input = (overrides: Partial<SignatureCheckInput> = {}): SignatureCheckInput => ({
  subject: 'response',
  headers: { timestamp: TIMESTAMP, nonce: NONCE, signature: SIGNATURE, serial: SERIAL },
  body: BODY,
  certs,
  nowSeconds: Number(TIMESTAMP),
  ...overrides,
});

describe('checkSignature (docs/protocol.md §12 V9)', () => {
  it('verifies the published response signature, as text and as bytes, on both paths', async () => {
    expect(checkSignature(input())).toBeUndefined();
    expect(checkSignature(input({ body: Buffer.from(BODY) }))).toBeUndefined();
    expect(await checkSignatureAsync(input())).toBeUndefined();
  });

  it('verifies the published empty-body (204) signature', () => {
    expect(checkSignature(input({ body: '', headers: { timestamp: TIMESTAMP, nonce: NONCE, signature: EMPTY_BODY_SIGNATURE, serial: SERIAL } }))).toBeUndefined();
  });

  it('fails each step by name, in order', async () => {
    const headers = input().headers;
    expect(checkSignature(input({ headers: { ...headers, nonce: undefined, serial: undefined } }))).toEqual({
      step: 'headers',
      message: "The response's headers are incomplete: missing Wechatpay-Nonce, Wechatpay-Serial.",
    });
    expect(checkSignature(input({ nowSeconds: Number(TIMESTAMP) + MAXIMUM_CLOCK_OFFSET + 1, body: 'altered' }))?.step).toBe('clock');
    expect(checkSignature(input({ nowSeconds: Number(TIMESTAMP) - MAXIMUM_CLOCK_OFFSET }))).toBeUndefined();
    expect(checkSignature(input({ headers: { ...headers, serial: 'PUB_KEY_ID_other' } }))?.step).toBe('serial');
    expect(checkSignature(input({ headers: { ...headers, signature: `WECHATPAY/SIGNTEST/${SIGNATURE}` } }))?.step).toBe('probe');
    expect(checkSignature(input({ body: BODY.replace('AUTHORIZED', 'UNAUTHORIZED') }))?.step).toBe('signature');
    expect((await checkSignatureAsync(input({ body: `${BODY} ` })))?.step).toBe('signature');
  });

  it('never puts the signature in a message', () => {
    const failure = checkSignature(input({ body: 'x' }));
    expect(failure?.message).not.toContain(SIGNATURE.slice(0, 24));
  });
});
