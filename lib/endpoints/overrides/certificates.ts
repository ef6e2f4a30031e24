/**
 * Platform certificates (平台证书), encrypted with the APIv3 key; absent for merchants in
 * WeChat Pay public-key mode (docs/protocol.md §4).
 */
import type { EndpointDescription } from '../types';

export const listCertificates = {
  method: 'GET',
  path: 'v3/certificates',
  summary: 'Download the platform certificates (下载平台证书)',
  query: { algorithm_type: { type: 'string', enum: ['RSA', 'SM2', 'ALL'] } },
  response: {
    status: 200,
    body: {
      data: {
        type: 'array',
        required: true,
        items: {
          type: 'object',
          properties: {
            serial_no: { type: 'string', required: true },
            effective_time: { type: 'string', required: true, format: 'date-time' },
            expire_time: { type: 'string', required: true, format: 'date-time' },
            encrypt_certificate: {
              type: 'object',
              required: true,
              properties: {
                algorithm: { type: 'string', required: true, enum: ['AEAD_AES_256_GCM'] },
                nonce: { type: 'string', required: true },
                associated_data: { type: 'string', required: true },
                ciphertext: { type: 'string', required: true },
              },
            },
          },
        },
      },
    },
  },
  errors: ['RESOURCE_NOT_EXISTS'],
} as const satisfies EndpointDescription;

export const certificates = [listCertificates] as const;
