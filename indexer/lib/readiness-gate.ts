// Puts our reorg verdict in front of Ponder's own `/ready`.
//
// Ponder registers /health, /ready, /status and /metrics before the app's
// routes and refuses an app that declares them, so the app cannot answer
// `/ready` itself. Ponder creates its HTTP server with `http.createServer`
// read from the `node:http` module at the time it starts the server, after
// it has loaded the app; wrapping that function lets `/ready` answer 503 with
// the reason while the data is stale, and hands every other request (and
// `/ready` while healthy) to Ponder unchanged.
//
// NOTE: relies on Ponder 0.16 creating its server through `http.createServer`
// after loading src/api; test/indexer/reorg.test.ts fails if that changes.
// Remove when Ponder lets an app add readiness checks.
import http from "node:http";

/** Returns null while ready, or the reason the data must not be served. */
export type ReadinessCheck = () => Promise<string | null>;

const INSTALLED = Symbol.for("kc-indexer.readiness-gate");

type Patched = typeof http.createServer & { [INSTALLED]?: ReadinessCheck };

export function installReadinessGate(check: ReadinessCheck): void {
  const current = http.createServer as Patched;
  if (current[INSTALLED] !== undefined) {
    current[INSTALLED] = check;
    return;
  }

  const original = http.createServer;
  const patched = ((...args: unknown[]) => {
    const listenerIndex = args.findIndex((arg) => typeof arg === "function");
    if (listenerIndex === -1) return (original as Function)(...args);

    const listener = args[listenerIndex] as http.RequestListener;
    args[listenerIndex] = gatedListener(listener, () => patched[INSTALLED]!);
    return (original as Function)(...args);
  }) as Patched;

  patched[INSTALLED] = check;
  http.createServer = patched;
}

function gatedListener(
  listener: http.RequestListener,
  currentCheck: () => ReadinessCheck,
): http.RequestListener {
  return (request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (request.method !== "GET" || path !== "/ready") {
      listener(request, response);
      return;
    }

    currentCheck()()
      .then((reason) => {
        if (reason === null) {
          listener(request, response);
          return;
        }
        response.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
        response.end(reason);
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        response.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
        response.end(`the reorg guard could not compare with the chain: ${message}`);
      });
  };
}
