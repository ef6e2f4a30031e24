/** The generated descriptions at run time: loaded on first use only, found by method and template. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { allOperations, findOperation } from '../../lib/endpoints';

describe('catalogued operations', () => {
  it('are not read when the package is imported, and read once on first use', () => {
    // A fresh process: which files does `require('lib')`, then two look-ups, read?
    const script = `
      const fs = require('node:fs');
      const reads = [];
      const readFileSync = fs.readFileSync;
      fs.readFileSync = (file, ...rest) => (reads.push(String(file)), readFileSync(file, ...rest));
      const lib = require('./lib');
      const atImport = reads.filter((f) => f.endsWith('operations.json')).length;
      require('./lib/endpoints').findOperation('GET', 'v3/certificates');
      require('./lib/endpoints').allOperations();
      console.log(JSON.stringify({ atImport, afterUse: reads.filter((f) => f.endsWith('operations.json')).length, builder: typeof lib.Builder }));
    `;
    const out = execFileSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], { cwd: join(__dirname, '../..'), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ atImport: 0, afterUse: 1, builder: 'function' });
  });

  it('are all there, once read', () => {
    expect(allOperations()).toHaveLength(1155);
    const families = new Set(allOperations().map((operation) => operation.family));
    expect([...families].sort()).toEqual(['global', 'hk', 'v2', 'v3']);
  });

  it('are found by method and template, with the catalogue facts and the overrides merged', () => {
    const seed = findOperation('GET', 'v3/ecommerce/individual-contracts/{openid}')!;
    expect(seed).toMatchObject({ family: 'v3', name: '查询个人收款方授权结果', tags: ['收付通∙个人收款'], errors: ['NOT_FOUND'] });
    expect(seed.query?.permission_type).toMatchObject({ type: 'string', required: true, enum: ['INDIVIDUAL_PAYEE'], example: 'INDIVIDUAL_PAYEE' });
    expect(findOperation('get', '/v3/certificates', 'hk')).toMatchObject({ family: 'hk', baseUri: 'https://apihk.mch.weixin.qq.com/' });
    expect(findOperation('POST', 'v2/secapi/mch/addInstitutionsub')).toMatchObject({ family: 'v2', php: 'v2/secapi/mch/{addinstitutionsub}' });
    expect(findOperation('GET', 'v3/not/catalogued')).toBeUndefined();
  });

  it('read the catalogue’s conventions into the description format', () => {
    const applyment = findOperation('POST', 'v3/applyment4sub/applyment/')!;
    expect(applyment.php).toBe('v3/applyment4sub/applyment/{empty}');
    const contact = applyment.body?.contact_info;
    expect(contact?.type === 'object' && contact.properties?.contact_name).toMatchObject({ type: 'string', encrypted: true });
    expect(applyment.headers?.['Wechatpay-Serial']).toMatchObject({ type: 'string', required: true });
    const upload = findOperation('POST', 'v2/secapi/mch/uploadmedia')!;
    expect(upload.formData?.media).toEqual({ required: true, type: 'file' });
    expect(upload.response.body).toMatchObject({ return_code: { required: true, enum: ['SUCCESS', 'FAIL'] }, media_id: { required: true } });
    const jsapi = findOperation('POST', 'v3/pay/partner/transactions/jsapi')!;
    expect(jsapi.body?.description).toMatchObject({ type: 'string', required: true });
  });
});
