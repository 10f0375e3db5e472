// What a failed statement means, whichever driver (PGlite or node-postgres) raised it.

/** Which unique index a failed insert/update hit, if it was a unique violation (23505). */
export function uniqueViolationOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown };
    if (candidate.code === '23505') {
      if (typeof candidate.constraint === 'string') return candidate.constraint;
      const named = /"([a-z0-9_]+)"/.exec(String(candidate.message ?? ''));
      return named?.[1] ?? 'unknown';
    }
    current = candidate.cause;
  }
  return undefined;
}

/** Whether a failed insert/update broke an exclusion constraint (23P01), and which one. */
export function exclusionViolationOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown };
    if (candidate.code === '23P01') {
      if (typeof candidate.constraint === 'string') return candidate.constraint;
      const named = /"([a-z0-9_]+)"/.exec(String(candidate.message ?? ''));
      return named?.[1] ?? 'unknown';
    }
    current = candidate.cause;
  }
  return undefined;
}
