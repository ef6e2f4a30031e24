/** The README's endpoint list is generated from lib/endpoints; it must not drift from it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentEndpointBlock, endpointBlock } from '../scripts/readme-block';

it('README lists exactly the described endpoints (run `npm run readme` to refresh)', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  expect(currentEndpointBlock(readme)).toBe(endpointBlock());
});
