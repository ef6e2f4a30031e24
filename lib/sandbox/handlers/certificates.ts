/** Platform certificates, AES-256-GCM encrypted with the APIv3 key; none in public-key mode. */
import { randomBytes } from 'node:crypto';
import { AesGcm } from '../../crypto/aes-gcm';
import { listCertificates } from '../../endpoints/certificates';
import { SandboxError } from '../errors';
import { rfc3339 } from '../ids';
import { platformValidity } from '../keys';
import { ok } from '../reply';
import { route, type Route } from './route';

const ASSOCIATED_DATA = 'certificate';

export const certificateRoutes: readonly Route[] = [
  route(listCertificates, ({ world }) => {
    if (world.mode === 'pubkey') {
      throw new SandboxError('RESOURCE_NOT_EXISTS', '无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥。');
    }
    const { platform, apiv3Key } = world.keys;
    const { notBefore, notAfter } = platformValidity(world.keys);
    const nonce = randomBytes(6).toString('hex'); // 12 characters, used as 12 UTF-8 bytes
    return ok({
      data: [
        {
          serial_no: platform.serial,
          effective_time: rfc3339(notBefore.getTime()),
          expire_time: rfc3339(notAfter.getTime()),
          encrypt_certificate: {
            algorithm: 'AEAD_AES_256_GCM',
            nonce,
            associated_data: ASSOCIATED_DATA,
            ciphertext: AesGcm.encrypt(platform.certificatePem, apiv3Key, nonce, ASSOCIATED_DATA),
          },
        },
      ],
    });
  }),
];
