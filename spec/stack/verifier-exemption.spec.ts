/**
 * The paths whose answers are unsigned files (bill file, complaint images) are matched case-insensitively by
 * the regular expression's flag; the answers must be those of lower-casing the path first, as PHP does.
 */
import { isExemptFromVerification } from '../../lib/stack/verifier';

/** The first formulation: lower-case, then two case-sensitive patterns. */
function lowerCasedFirst(pathname: string): boolean {
  const query = pathname.indexOf('?');
  const path = (query === -1 ? pathname : pathname.slice(0, query)).toLowerCase();
  return /(?:^|\/)v3\/billdownload\/file$/.test(path) || /(?:^|\/)v3\/merchant-service\/images\/(?!upload$).+$/.test(path);
}

const PATHS = [
  'v3/billdownload/file', '/v3/billdownload/file', '/hk/v3/billdownload/file', 'V3/BillDownload/File', '/v3/billdownload/file?token=x',
  '/v3/billdownload/files', '/v3/billdownload/file/x', '/xv3/billdownload/file', 'v3/bill', '/v3/billdownload/fıle', '/v3/billdownload/fİle',
  '/v3/merchant-service/images/abc', '/v3/merchant-service/images/upload', '/v3/merchant-service/images/UPLOAD', '/V3/Merchant-Service/Images/Upload2',
  '/v3/merchant-service/images/', '/v3/merchant-service/images/upload/x', '/v3/merchant-service/images/a\nb', '/v3/merchant-service/images/\u212Aelvin',
  '/v3/merchant-ſervice/images/abc', '/v3/merchant-service/images/%2e', '/v3/ecommerce/individual-contracts/o?x=/v3/billdownload/file', '', '?', '/',
];

it.each(PATHS)('%j is exempt exactly when lower-casing it first says so', (path) => {
  expect(isExemptFromVerification(path)).toBe(lowerCasedFirst(path));
});

it('still tells the two kinds apart', () => {
  expect(isExemptFromVerification('/v3/billdownload/file')).toBe(true);
  expect(isExemptFromVerification('/v3/merchant-service/images/upload')).toBe(false);
  expect(isExemptFromVerification('/v3/certificates')).toBe(false);
});
