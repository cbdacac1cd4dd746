import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from './types';

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type RealtimeAuth = { token: string } | { guestName: string };

/** A request whose ack said `ok:false`, or that was not acknowledged in time. */
export class RealtimeError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'RealtimeError';
  }
}

type RequestEvent = {
  [K in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[K]> extends [
    unknown,
    (ack: never) => void,
  ]
    ? K
    : never;
}[keyof ClientToServerEvents];

type AckOf<K extends RequestEvent> = Parameters<ClientToServerEvents[K]>[1] extends (
  ack: infer A,
) => void
  ? A
  : never;

type Okay<A> = A extends { ok: true } ? A : never;

/**
 * Thin typed wrapper over socket.io-client: same-origin `/socket.io/`, promise-based
 * requests with a timeout. Reconnection is left to socket.io; callers observe it
 * through `onConnectionChange`.
 */
export class RealtimeClient {
  readonly socket: RealtimeSocket;

  constructor(auth: RealtimeAuth, url?: string) {
    this.socket = io(url ?? '/', {
      path: '/socket.io/',
      auth,
      transports: ['websocket', 'polling'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
      autoConnect: false,
    });
  }

  connect(): void {
    this.socket.connect();
  }

  async request<K extends RequestEvent>(
    event: K,
    payload: Parameters<ClientToServerEvents[K]>[0],
    timeoutMs = 10000,
  ): Promise<Okay<AckOf<K>>> {
    const emit = this.socket.timeout(timeoutMs).emit.bind(this.socket.timeout(timeoutMs)) as (
      e: string,
      p: unknown,
      cb: (err: Error | null, ack: Ack) => void,
    ) => void;
    return new Promise((resolve, reject) => {
      emit(event, payload, (err, ack) => {
        if (err) reject(new RealtimeError('timeout', 'The server did not answer in time.'));
        else if (!ack || ack.ok !== true) {
          const failed = ack as { error?: string; message?: string } | undefined;
          reject(new RealtimeError(failed?.error ?? 'unknown', failed?.message));
        } else resolve(ack as Okay<AckOf<K>>);
      });
    });
  }

  /** Fire-and-forget for high-rate messages (signalling, media state). */
  send<K extends keyof ClientToServerEvents>(
    event: K,
    payload: Parameters<ClientToServerEvents[K]>[0],
  ): void {
    (this.socket.emit as (e: string, p: unknown) => void)(event, payload);
  }

  on<K extends keyof ServerToClientEvents>(event: K, fn: ServerToClientEvents[K]): () => void {
    this.socket.on(event, fn as never);
    return () => {
      this.socket.off(event, fn as never);
    };
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}
