/**
 * Every `ERR_WECHATPAY_*` code is spelled once, in lib/errors/codes.cjs; codes.d.cts declares the same
 * names with the same values, so TypeScript sees each code as its literal type.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ErrorCode } from '../../lib/errors';

const LIB = join(__dirname, '..', '..', 'lib');
const HOME = ['errors/codes.cjs', 'errors/codes.d.cts'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : /\.(ts|cts|cjs)$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

/** Quoted `ERR_WECHATPAY_…` literals in `text` (a code named in a comment is not a second definition). */
function quotedCodes(text: string): string[] {
  return [...text.matchAll(/['"`](ERR_WECHATPAY_[A-Z0-9_]+)['"`]/g)].map((match) => match[1]!);
}

describe('ErrorCode', () => {
  it('is the only place in lib/ a code is spelled', () => {
    const elsewhere = sources(LIB)
      .map((file) => ({ file: relative(LIB, file).split('\\').join('/'), codes: quotedCodes(readFileSync(file, 'utf8')) }))
      .filter(({ file, codes }) => !HOME.includes(file) && codes.length > 0)
      .map(({ file, codes }) => `${file}: ${codes.join(', ')}`);
    expect(elsewhere).toEqual([]);
  });

  it('the check sees a code spelled in place', () => {
    expect(quotedCodes("if (code === 'ERR_WECHATPAY_TIMEOUT') …; // ERR_WECHATPAY_SINK_FAILED")).toEqual(['ERR_WECHATPAY_TIMEOUT']);
  });

  it('names each code after itself, and the declarations match the values', () => {
    for (const [name, code] of Object.entries(ErrorCode)) expect(code).toBe(`ERR_WECHATPAY_${name}`);
    const declared = Object.fromEntries(
      [...readFileSync(join(LIB, 'errors', 'codes.d.cts'), 'utf8').matchAll(/readonly (\w+): '([^']+)';/g)].map((match) => [match[1], match[2]]),
    );
    expect(declared).toEqual({ ...ErrorCode });
  });
});
