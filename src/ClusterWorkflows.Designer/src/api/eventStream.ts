import { authHeaders } from "./client";
import { SseParser, type ServerEvent } from "./sseParser";

export interface StreamHandle {
  close(): void;
}

/**
 * Follows a Server-Sent Events endpoint with fetch streaming, because EventSource cannot send the
 * Authorization header. After a dropped connection it reconnects with Last-Event-ID, so the server
 * continues after the last event seen: nothing lost, nothing repeated.
 */
export function followEvents(
  path: string,
  onEvent: (event: ServerEvent) => void,
  onState?: (connected: boolean) => void,
): StreamHandle {
  const abort = new AbortController();
  let lastId: string | undefined;
  let delay = 500;

  const connect = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const headers: Record<string, string> = { Accept: "text/event-stream", ...authHeaders() };
        if (lastId) headers["Last-Event-ID"] = lastId;
        const response = await fetch(path, { headers, signal: abort.signal });
        if (response.status === 401 || response.status === 403 || response.status === 404) {
          onState?.(false);
          return;
        }

        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        onState?.(true);
        delay = 500;
        const parser = new SseParser();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const event of parser.push(value)) {
            if (event.id) lastId = event.id;
            onEvent(event);
            if (event.event === "end") {
              abort.abort();
              return;
            }
          }
        }
      } catch {
        if (abort.signal.aborted) return;
      }

      onState?.(false);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  };

  void connect();
  return { close: () => abort.abort() };
}
