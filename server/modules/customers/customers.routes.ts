import type { Deps } from '../../platform/deps';
import type { AppInstance } from '../../platform/http/types';

export function customersRoutes(_app: AppInstance, _deps: Deps) {}
