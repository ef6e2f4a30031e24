/**
 * Upload operations (`multipart/form-data`): the text parts an APIv2 upload describes, and the
 * check that each required file part came (the APIv3 `meta` JSON is read as the body).
 */
import type { EndpointDescription, Fields } from '../endpoints/types';
import { paramError } from './errors';
import type { FormPart } from './multipart';

const isFile = (type: string): boolean => type === 'file';

/** The described text parts of an APIv2 upload (everything but its files). */
export function textPartFields(endpoint: EndpointDescription): Fields | undefined {
  const form = endpoint.formData;
  return form && Object.fromEntries(Object.entries(form).filter(([, spec]) => !isFile(spec.type)));
}

/** PARAM_ERROR unless every required file part of the form is among `parts`, with a file name. */
export function checkFileParts(endpoint: EndpointDescription, parts: readonly FormPart[] | undefined): void {
  for (const [name, spec] of Object.entries(endpoint.formData ?? {})) {
    if (!isFile(spec.type) || !spec.required) continue;
    const part = parts?.find((candidate) => candidate.name === name);
    if (!part || part.content.length === 0) {
      throw paramError({ field: `/${name}`, value: '', issue: '此字段为必填项 (a file part)', location: 'body' }, '必填性');
    }
  }
}
