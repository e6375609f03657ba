import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../../config/index.js';
import { DevnetErrors } from '../errors.js';

/** A JSON-RPC error with Substrate's codes (1010 invalid transaction, 4003 client error, -326xx protocol). */
export class RpcError extends Error {
  readonly code: number;
  readonly data: unknown;
  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

export const invalidParams = (message: string) => new RpcError(-32602, message);

export type BlockRead = 'body' | 'state';

/** One WebSocket client: its subscriptions are ended when it disconnects. */
export class Connection {
  readonly #socket: WebSocket;
  readonly #subscriptions = new Map<string, () => void>();
  /** Which parts of which blocks this client has read (body / state at the block). */
  readonly #reads = new Map<string, Set<BlockRead>>();
  readonly #readListeners = new Set<() => void>();

  /** Records that the client read `hash`'s body or state; listeners run after the response went out. */
  noteRead(hash: string, kind: BlockRead): void {
    const kinds = this.#reads.get(hash) ?? new Set<BlockRead>();
    kinds.add(kind);
    this.#reads.set(hash, kinds);
    if (this.#reads.size > 64) this.#reads.delete(this.#reads.keys().next().value as string);
    setImmediate(() => {
      for (const listener of [...this.#readListeners]) listener();
    });
  }

  hasRead(hash: string, kind: BlockRead): boolean {
    return this.#reads.get(hash)?.has(kind) ?? false;
  }

  onRead(listener: () => void): () => void {
    this.#readListeners.add(listener);
    return () => this.#readListeners.delete(listener);
  }

  constructor(socket: WebSocket) {
    this.#socket = socket;
  }

  send(message: unknown): void {
    if (this.#socket.readyState === this.#socket.OPEN) this.#socket.send(JSON.stringify(message));
  }

  /**
   * Opens a subscription: `start` runs after the subscribe response went out and returns the teardown.
   * Notifications use `notification` as their method name.
   */
  subscribe(notification: string, start: (emit: (result: unknown) => void) => () => void): Subscription {
    const id = randomBytes(8).toString('hex');
    const emit = (result: unknown) =>
      this.send({ jsonrpc: '2.0', method: notification, params: { subscription: id, result } });
    return {
      id,
      start: () => {
        if (this.#socket.readyState !== this.#socket.OPEN) return;
        this.#subscriptions.set(id, start(emit));
      },
    };
  }

  unsubscribe(id: unknown): boolean {
    const stop = typeof id === 'string' ? this.#subscriptions.get(id) : undefined;
    if (!stop) return false;
    this.#subscriptions.delete(id as string);
    stop();
    return true;
  }

  close(): void {
    for (const stop of this.#subscriptions.values()) stop();
    this.#subscriptions.clear();
  }
}

export interface Subscription {
  id: string;
  start(): void;
}

export type Handler = (params: unknown[], connection: Connection) => unknown;

interface Request {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

async function answer(
  request: Request,
  handlers: Map<string, Handler>,
  connection: Connection,
  logger: Logger,
) {
  const id = request.id ?? null;
  if (typeof request.method !== 'string' || request.jsonrpc !== '2.0')
    return { response: { jsonrpc: '2.0', id, error: { code: -32600, message: 'Invalid request' } } };
  const handler = handlers.get(request.method);
  if (!handler)
    return { response: { jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } } };
  const params = Array.isArray(request.params)
    ? request.params
    : request.params === undefined
      ? []
      : [request.params];
  try {
    const result = await handler(params, connection);
    if (isSubscription(result))
      return { response: { jsonrpc: '2.0', id, result: result.id }, after: () => result.start() };
    return { response: { jsonrpc: '2.0', id, result: result ?? null } };
  } catch (err) {
    if (err instanceof RpcError)
      return {
        response: {
          jsonrpc: '2.0',
          id,
          error: {
            code: err.code,
            message: err.message,
            ...(err.data === undefined ? {} : { data: err.data }),
          },
        },
      };
    logger.error({ err, method: request.method }, 'devnet rpc handler failed');
    return { response: { jsonrpc: '2.0', id, error: { code: -32603, message: 'Internal error' } } };
  }
}

const isSubscription = (value: unknown): value is Subscription =>
  typeof value === 'object' && value !== null && 'id' in value && 'start' in value;

export interface RpcServer {
  port: number;
  close(): Promise<void>;
}

/** A Substrate-style JSON-RPC 2.0 server over WebSocket (single and batch requests, subscriptions). */
export async function startRpcServer(
  host: string,
  port: number,
  handlers: Map<string, Handler>,
  logger: Logger,
): Promise<RpcServer> {
  const server = new WebSocketServer({ host, port, maxPayload: 32 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (err) => reject(DevnetErrors.LISTEN_FAILED(host, port, err.message)));
  });
  const connections = new Set<Connection>();
  server.on('connection', (socket) => {
    const connection = new Connection(socket);
    connections.add(connection);
    socket.on('close', () => {
      connection.close();
      connections.delete(connection);
    });
    socket.on('message', async (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        connection.send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
        return;
      }
      const requests = Array.isArray(parsed) ? parsed : [parsed];
      const answers = await Promise.all(
        requests.map((r) => answer(r as Request, handlers, connection, logger)),
      );
      connection.send(Array.isArray(parsed) ? answers.map((a) => a.response) : answers[0]?.response);
      for (const a of answers) a.after?.();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const connection of connections) connection.close();
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
