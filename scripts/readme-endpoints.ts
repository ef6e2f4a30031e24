/** `npm run readme`: rewrites the README's endpoint summary from lib/endpoints (the single source). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { endpointBlock, replaceEndpointBlock } from './readme-block';

const path = join(__dirname, '..', 'README.md');
writeFileSync(path, replaceEndpointBlock(readFileSync(path, 'utf8'), endpointBlock()));
