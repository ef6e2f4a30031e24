/** Platform certificates, AES-256-GCM encrypted with the APIv3 key; none in public-key mode. */
import { X509Certificate, randomBytes } from 'node:crypto';
import { AesGcm } from '../../crypto/aes-gcm';
import { listCertificates } from '../../endpoints/overrides/certificates';
import { SandboxError } from '../errors';
import { rfc3339 } from '../ids';
import { ok } from '../reply';
import { route, type Route } from './route';

const ASSOCIATED_DATA = 'certificate';

export const certificateRoutes: readonly Route[] = [
  route(listCertificates, ({ world }) => {
    if (world.mode === 'pubkey') {
      throw new SandboxError('RESOURCE_NOT_EXISTS', '无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥。');
    }
    const { apiv3Key } = world.keys;
    // After a rotation the new certificate and the ones it replaced are listed together, as WeChat Pay does.
    return ok({
      data: [world.keys.platform, ...world.retiredPlatforms].map(({ serial, certificatePem }) => {
        const certificate = new X509Certificate(certificatePem);
        const nonce = randomBytes(6).toString('hex'); // 12 characters, used as 12 UTF-8 bytes
        return {
          serial_no: serial,
          effective_time: rfc3339(new Date(certificate.validFrom).getTime()),
          expire_time: rfc3339(new Date(certificate.validTo).getTime()),
          encrypt_certificate: {
            algorithm: 'AEAD_AES_256_GCM',
            nonce,
            associated_data: ASSOCIATED_DATA,
            ciphertext: AesGcm.encrypt(certificatePem, apiv3Key, nonce, ASSOCIATED_DATA),
          },
        };
      }),
    });
  }),
];
