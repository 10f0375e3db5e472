import type { Deps } from '../../platform/deps';
import type { AppInstance } from '../../platform/http/types';

export function customerSearchRoutes(_app: AppInstance, _deps: Deps) {}
