import type { Deps } from '../deps';
import type { AppInstance } from '../http/types';

export function dictionariesRoutes(_app: AppInstance, _deps: Deps) {}
