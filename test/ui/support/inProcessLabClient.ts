import {
  apiInputs,
  type ApiEventName,
  type ApiEvents,
  type ApiMethod,
  type LabClient,
} from '../../../src-main/api/contract';
import type { LabApi } from '../../../src-main/api/labApi';

export interface InProcessLabClient {
  readonly client: LabClient;
  /** Event listeners currently subscribed through this client (0 once every view has gone). */
  listenerCount(): number;
}

/**
 * The renderer's `LabClient` over a real in-process `LabApi`: one function per contract method
 * and `on(event, listener)`, the shape the Electron preload and the HTTP client build over
 * their transports. Lets the renderer's composables run in Node against the real back end.
 */
export function inProcessLabClient(api: LabApi): InProcessLabClient {
  let listeners = 0;
  const client: Record<string, unknown> = {
    on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      listeners += 1;
      const unsubscribe = api.subscribe((name, payload) => {
        if (name === event) listener(payload as ApiEvents[E]);
      });
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        listeners -= 1;
        unsubscribe();
      };
    },
  };
  for (const method of Object.keys(apiInputs) as ApiMethod[]) {
    client[method] = (input: unknown) => api.callUntyped(method, input);
  }
  return { client: client as LabClient, listenerCount: () => listeners };
}
