/**
 * Upload operations (`multipart/form-data`): which text fields their form describes (the `meta`
 * JSON's for APIv3, every text part for APIv2) and the check that each required file part came.
 */
import type { EndpointDescription, Fields } from '../endpoints/types';
import { paramError } from './errors';
import type { FormPart } from './multipart';

const formOf = (endpoint: EndpointDescription): Fields | undefined => (endpoint as { readonly formData?: Fields }).formData;
const isFile = (type: string): boolean => type === 'file';

/** The fields of the APIv3 `meta` part, when the description gives them only in its form. */
export function metaFields(endpoint: EndpointDescription): Fields | undefined {
  const meta = formOf(endpoint)?.meta;
  return meta?.type === 'object' ? meta.properties : undefined;
}

/** The described text parts of an APIv2 upload (everything but its files). */
export function textPartFields(endpoint: EndpointDescription): Fields | undefined {
  const form = formOf(endpoint);
  return form && Object.fromEntries(Object.entries(form).filter(([, spec]) => !isFile(spec.type)));
}

/** PARAM_ERROR unless every required file part of the form is among `parts`, with a file name. */
export function checkFileParts(endpoint: EndpointDescription, parts: readonly FormPart[] | undefined): void {
  for (const [name, spec] of Object.entries(formOf(endpoint) ?? {})) {
    if (!isFile(spec.type) || !spec.required) continue;
    const part = parts?.find((candidate) => candidate.name === name);
    if (!part || part.content.length === 0) {
      throw paramError({ field: `/${name}`, value: '', issue: '此字段为必填项 (a file part)', location: 'body' }, '必填性');
    }
  }
}
