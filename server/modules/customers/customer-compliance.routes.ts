import type { Deps } from '../../platform/deps';
import type { AppInstance } from '../../platform/http/types';

export function customerComplianceRoutes(_app: AppInstance, _deps: Deps) {}
