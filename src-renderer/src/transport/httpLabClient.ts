import {
  apiEventNames,
  apiInputs,
  type ApiErrorBody,
  type ApiEventName,
  type ApiEvents,
  type ApiMethod,
  type LabClient,
} from '../../../src-main/api/contract';
import { LabCallError } from './labCallError';
import { readServerSentEvents } from './serverSentEvents';

type Listener = (payload: unknown) => void;

/**
 * Browser mode: every contract method as `POST /api/<method>` with the session token in the
 * Authorization header, and events from `GET /api/events` read as a fetch stream (so the
 * token never has to ride in a URL). The event stream reconnects with backoff; views re-read
 * from their last step, so a gap only delays points, never loses them.
 */
export function createHttpLabClient(baseUrl: string, token: string): LabClient {
  const listeners = new Map<ApiEventName, Set<Listener>>();
  let streamStarted = false;

  async function call(method: ApiMethod, input: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      throw new LabCallError(method, {
        code: 'failed',
        message: 'cannot reach the Coherence Lab server — is `coherence-lab serve` still running?',
      });
    }
    const body = (await response.json().catch(() => null)) as unknown;
    if (!response.ok) {
      const error = (body as { error?: ApiErrorBody } | null)?.error;
      throw new LabCallError(
        method,
        error ?? { code: 'failed', message: `server answered ${response.status}` },
        response.status,
      );
    }
    return body;
  }

  function startEventStream(): void {
    if (streamStarted) return;
    streamStarted = true;
    void (async () => {
      let delayMs = 500;
      for (;;) {
        try {
          const response = await fetch(`${baseUrl}/api/events`, {
            headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
          });
          if (response.status === 401) return;
          if (response.ok && response.body) {
            delayMs = 500;
            for await (const message of readServerSentEvents(response.body)) {
              if (!(apiEventNames as readonly string[]).includes(message.event)) continue;
              const payload = JSON.parse(message.data) as unknown;
              for (const listener of listeners.get(message.event as ApiEventName) ?? []) {
                listener(payload);
              }
            }
          }
        } catch {
          // Server restarted or the network dropped: fall through to the retry below.
        }
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        delayMs = Math.min(delayMs * 2, 10_000);
      }
    })();
  }

  const client: Record<string, unknown> = {
    on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      startEventStream();
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      const wrapped = listener as Listener;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
  for (const method of Object.keys(apiInputs) as ApiMethod[]) {
    client[method] = (input: unknown) => call(method, input);
  }
  return client as LabClient;
}
