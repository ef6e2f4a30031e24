import { parseTemplate } from './parse';

/**
 * The variable names `template` uses, in order of first use, without duplicates: the options
 * that are path variables rather than request options.
 *
 * @example variableNames('v3/x/{id}{?limit,offset}{/id}') // ['id', 'limit', 'offset']
 * @throws InvalidArgumentException for a malformed template.
 */
export function variableNames(template: string): string[] {
  return [...parseTemplate(template).names];
}
