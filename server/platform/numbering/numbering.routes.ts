import type { Deps } from '../deps';
import type { AppInstance } from '../http/types';

export function numberingRoutes(_app: AppInstance, _deps: Deps) {}
