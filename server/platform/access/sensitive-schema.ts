import { z } from 'zod';
import type { MaskKind } from './masking';

/**
 * A response field that is masked without `sensitive:view` (R-PLT-04). The OpenAPI document
 * marks it `x-sensitive: <kind>`, so clients know the value may arrive as 138****5678 and the
 * masking test can walk every such field of every response.
 */
export const sensitiveString = (kind: MaskKind) => z.string().nullable().meta({ 'x-sensitive': kind });
