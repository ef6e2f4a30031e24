/** The README's generated endpoint list, between two markers. */
import { describeEndpoints } from '../lib/endpoints';

const START = '<!-- endpoints:start -->';
const END = '<!-- endpoints:end -->';

export function endpointBlock(): string {
  return `${START}\n${describeEndpoints().trimEnd()}\n${END}`;
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
