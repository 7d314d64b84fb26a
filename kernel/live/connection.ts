/**
 * A message the kernel sends to many clients: serialized once. Runtime adapters may attach their own
 * encoding of it (the Node adapter builds the WebSocket frame once and writes the same bytes to every socket).
 */
export class SharedMessage {
  /** Adapter-specific encodings, e.g. a pre-built WebSocket frame. */
  encoded: unknown = null;
  constructor(readonly text: string) {}
}

/** One client's WebSocket, as the runtime adapter (Node's ws, Deno) exposes it to the kernel. */
export interface LiveConnection {
  /** Sends a text message. */
  send(message: SharedMessage): void;
  /** Bytes queued for this client but not yet handed to the network. */
  bufferedAmount(): number;
  close(code: number, reason: string): void;
  /** Where the client connects from, for rate limits and logs. */
  readonly remoteAddress: string;
}
