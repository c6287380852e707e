/**
 * The JSON-RPC surface the sandbox tools and the mock generator use: a plain
 * `request(method, params)`, over HTTP (the npm scripts) or over a Hardhat
 * connection's provider (the Hardhat tasks). Plain fetch keeps one request per
 * call: ethers' provider batches and waits, which costs more than the call
 * itself on a local node.
 */
export interface Rpc {
  request<T = any>(method: string, params?: unknown[]): Promise<T>;
  /** The node's URL when known (HTTP); undefined for an in-process chain. */
  readonly url?: string;
}

/** The node answered a call with an error. */
export class RpcError extends Error {
  readonly method: string;
  readonly code: number | undefined;

  constructor(method: string, message: string, code?: number) {
    super(`${method} failed: ${message}`);
    this.name = "RpcError";
    this.method = method;
    this.code = code;
  }
}

/** The node could not be reached at all. */
export class NodeUnreachableError extends Error {
  constructor(url: string) {
    super(`no node answers at ${url}: start one with \`npm run chain\` (or pass --rpc-url)`);
    this.name = "NodeUnreachableError";
  }
}

export function httpRpc(url: string): Rpc {
  let id = 0;

  return {
    url,
    async request<T>(method: string, params: unknown[] = []): Promise<T> {
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
        });
      } catch {
        throw new NodeUnreachableError(url);
      }

      const body = (await response.json()) as {
        result?: T;
        error?: { message: string; code?: number };
      };
      if (body.error !== undefined) throw new RpcError(method, body.error.message, body.error.code);
      return body.result as T;
    },
  };
}

/** Wraps an EIP-1193 provider (a Hardhat connection's `provider`). */
export function providerRpc(
  provider: { request(args: { method: string; params?: unknown[] }): Promise<unknown> },
  url?: string,
): Rpc {
  return {
    url,
    async request<T>(method: string, params: unknown[] = []): Promise<T> {
      try {
        return (await provider.request({ method, params })) as T;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (url !== undefined && /ECONNREFUSED|cannot connect|fetch failed/i.test(message)) {
          throw new NodeUnreachableError(url);
        }
        throw new RpcError(method, message);
      }
    },
  };
}

export const toQuantity = (value: bigint | number): string => `0x${BigInt(value).toString(16)}`;
