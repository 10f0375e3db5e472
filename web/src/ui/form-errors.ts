import type { FormInstance } from 'antd';
import { isApiError } from '../app/api-client';

/**
 * Puts the server's per-field messages (problem+json `errors`) under the matching form items.
 * Field names equal the request body keys, so they equal the Form.Item names.
 * Returns true when at least one field message was placed.
 */
export function applyServerFieldErrors(form: FormInstance, error: unknown): boolean {
  if (!isApiError(error) || error.fieldErrors.length === 0) return false;
  // `roleIds.0` → `roleIds`: messages about an array element go under the whole list
  form.setFields(
    error.fieldErrors.map((item) => ({ name: item.field.split('.')[0] || item.field, errors: [item.message] })),
  );
  return true;
}
