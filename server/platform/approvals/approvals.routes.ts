import type { Deps } from '../deps';
import type { AppInstance } from '../http/types';

export function approvalsRoutes(_app: AppInstance, _deps: Deps) {}
