/** The README's generated endpoint summary, between two markers. */
import { allOperations, describeEndpoints } from '../lib/endpoints';
import { areaSummary } from './endpoints/emit-docs';

const START = '<!-- endpoints:start -->';
const END = '<!-- endpoints:end -->';

export function endpointBlock(): string {
  return [
    START,
    areaSummary(allOperations()),
    '',
    'Every operation, by product area, with its required inputs and documentation link: [docs/endpoints.md](docs/endpoints.md).',
    'Refined by hand in `lib/endpoints/overrides/` (error codes, the stateful flows, English summaries):',
    '',
    describeEndpoints().trimEnd(),
    END,
  ].join('\n');
}

export function currentEndpointBlock(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1) throw new Error('README.md lacks the endpoints markers');
  return readme.slice(start, end + END.length);
}

export function replaceEndpointBlock(readme: string, block: string): string {
  return readme.replace(currentEndpointBlock(readme), block);
}
