// Runs Ponder (`ponder start|serve --root indexer`) as a child process in its
// own process group, so that stopping it also stops anything it started.
// Used by `npm start` and the benchmark; the tests have their own harness
// with more probes (test/indexer/support/indexer-process.ts).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

import { REPO_ROOT } from "./settings.ts";

const BIN = path.join(REPO_ROOT, "node_modules", ".bin");

export interface PonderOptions {
  command: "start" | "serve";
  port: number;
  schema: string;
  /** Added to the environment (KC_RPC_URL, KC_DEPLOYMENT_RECORD, ...); undefined removes one. */
  env: Record<string, string | undefined>;
  /** Receives Ponder's output, line by line. */
  onLine?: (line: string) => void;
  logFormat?: "pretty" | "json";
}

export interface PonderProcess {
  pid: number;
  url: string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the group at once. */
  kill(): void;
}

export function startPonder(options: PonderOptions): PonderProcess {
  const args = [
    options.command,
    "--root",
    "indexer",
    "--schema",
    options.schema,
    "--port",
    String(options.port),
    "--hostname",
    "127.0.0.1",
    "--log-format",
    options.logFormat ?? "pretty",
  ];

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${BIN}:${process.env.PATH ?? ""}`,
    PONDER_TELEMETRY_DISABLED: "true",
    ...options.env,
  };
  // An undefined value removes the variable (DATABASE_URL for a PGlite run).
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];

  const child = spawn(path.join(BIN, "ponder"), args, {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });

  forwardLines(child, options.onLine ?? (() => undefined));

  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const signal = (name: NodeJS.Signals) => {
    try {
      // A negative pid addresses the whole process group the child leads.
      process.kill(-child.pid!, name);
    } catch {
      // Already gone.
    }
  };
  const alive = () => child.exitCode === null && child.signalCode === null;

  return {
    pid: child.pid!,
    url: `http://127.0.0.1:${options.port}`,
    exited,
    kill: () => signal("SIGKILL"),
    stop: async (graceMs = 5_000) => {
      if (!alive()) return;
      signal("SIGTERM");
      const forced = setTimeout(() => signal("SIGKILL"), graceMs);
      await exited;
      clearTimeout(forced);
    },
  };
}

function forwardLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let partial = "";
    stream?.on("data", (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) onLine(line);
    });
  }
}

/**
 * Calls `check` every 250 ms until it answers true, the process exits, or
 * `timeoutMs` passes. A check that throws (the server is not listening yet,
 * an answer arrived half-written) counts as not yet.
 */
export async function waitWhileRunning(
  ponder: PonderProcess,
  timeoutMs: number,
  check: () => Promise<boolean>,
): Promise<boolean> {
  let exited = false;
  void ponder.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;

  while (!exited && Date.now() < deadline) {
    try {
      if (await check()) return true;
    } catch {
      // Not yet; try again.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/** Polls `url` until it answers 200, the process exits, or `timeoutMs` passes. */
export function waitForOk(url: string, ponder: PonderProcess, timeoutMs: number): Promise<boolean> {
  return waitWhileRunning(ponder, timeoutMs, async () => (await fetch(url)).status === 200);
}
