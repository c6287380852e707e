/**
 * Starts real `hardhat node` processes for end-to-end tests and always stops them.
 *
 * API:
 * - `startHardhatNode({ args?, timeoutMs? })` spawns
 *   `hardhat node --hostname 127.0.0.1 --port <free port> ...args` in its own
 *   process group, waits until it answers JSON-RPC and resolves to a
 *   `LocalNode`: `{ url, port, pid, rpc(method, params?), stop() }`.
 *   `args` is for extra flags such as `["--fork", upstream.url]`.
 * - `node.stop()` kills the whole process group (SIGTERM, then SIGKILL after
 *   two seconds) and resolves when the process has exited. Calling it twice
 *   is harmless.
 * - `freePort()` asks the OS for a port nobody listens on.
 *
 * Use it with mocha hooks so the node dies also when a test fails:
 *
 *   let node: LocalNode;
 *   before(async function () { this.timeout(30_000); node = await startHardhatNode(); });
 *   after(async () => node?.stop());
 *
 * Every node started here is also killed when the test process exits, in case
 * an `after` hook never runs (mocha killed by a timeout of the whole run).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { httpRpc } from "../../scripts/sandbox/rpc.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = join(ROOT, "node_modules", ".bin");

export interface LocalNode {
  url: string;
  port: number;
  pid: number;
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

process.once("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startHardhatNode(
  options: { args?: string[]; timeoutMs?: number } = {},
): Promise<LocalNode> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = ["node", "--hostname", "127.0.0.1", "--port", String(port), ...(options.args ?? [])];

  // The .bin folder goes first on PATH so `hardhat`'s `#!/usr/bin/env node`
  // finds Node 22 (the system Node is older).
  const child = spawn(join(BIN, "hardhat"), args, {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PATH: `${BIN}:${process.env.PATH ?? ""}` },
  });
  running.add(child);

  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      return;
    }

    killGroup(child, "SIGTERM");
    const forced = setTimeout(() => killGroup(child, "SIGKILL"), 2_000);
    await exited;
    clearTimeout(forced);
    running.delete(child);
  };

  const node = httpRpc(url);
  const rpc = <T>(method: string, params: unknown[] = []) => node.request<T>(method, params);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);

  while (true) {
    if (child.exitCode !== null) {
      throw new Error(`hardhat node exited with code ${child.exitCode}:\n${output}`);
    }

    try {
      await rpc("eth_chainId");
      return { url, port, pid: child.pid!, rpc, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`hardhat node did not answer on ${url} in time:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    // A negative pid addresses the process group the detached child leads.
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** Whether a process with this pid still exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether nothing listens on `port` at 127.0.0.1. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}
