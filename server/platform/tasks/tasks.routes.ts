import type { Deps } from '../deps';
import type { AppInstance } from '../http/types';

export function tasksRoutes(_app: AppInstance, _deps: Deps) {}
