'use strict';
// The baseline the SDK is measured against: the seed call written by hand on undici and node:crypto, with
// no SDK at all. It signs inline (crypto.sign), sends, reads the body and verifies the reply's signature
// inline (crypto.verify), as the SDK does on every call. Plain CommonJS so a cold-start child loads it as is.
const crypto = require('node:crypto');

function bareClient({ merchantKeyPem, platformPublicKeyPem, target, mchid, serial, dispatcher }) {
  const { request } = require('undici');
  const privateKey = crypto.createPrivateKey(merchantKeyPem);
  const publicKey = crypto.createPublicKey(platformPublicKeyPem);
  const url = new URL(target);
  const requestTarget = url.pathname + url.search;
  return async function get() {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = crypto.randomBytes(16).toString('hex');
    const signature = crypto.sign('sha256', Buffer.from(`GET\n${requestTarget}\n${timestamp}\n${nonce}\n\n`), privateKey).toString('base64');
    const authorization = `WECHATPAY2-SHA256-RSA2048 mchid="${mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${serial}"`;
    const response = await request(target, { dispatcher, headers: { Accept: 'application/json', Authorization: authorization } });
    const body = Buffer.from(await response.body.arrayBuffer());
    const h = response.headers;
    const message = Buffer.concat([Buffer.from(`${h['wechatpay-timestamp']}\n${h['wechatpay-nonce']}\n`), body, Buffer.from('\n')]);
    if (!crypto.verify('sha256', message, publicKey, Buffer.from(String(h['wechatpay-signature']), 'base64'))) throw new Error('bare client: signature mismatch');
    return JSON.parse(body.toString('utf8'));
  };
}

module.exports = { bareClient };
