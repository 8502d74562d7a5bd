import { onScopeDispose } from 'vue';
import type { ApiEventName, ApiEvents, LabClient } from '../../../src-main/api/contract';

/**
 * Listen to one back-end event for as long as the calling component (or effect scope) lives;
 * the subscription ends with it, so a view never leaks listeners across navigation.
 */
export function useLabEvent<E extends ApiEventName>(
  lab: LabClient,
  event: E,
  listener: (payload: ApiEvents[E]) => void,
): void {
  const unsubscribe = lab.on(event, listener);
  onScopeDispose(unsubscribe);
}
