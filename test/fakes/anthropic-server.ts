import {randomBytes} from "node:crypto";
import {createServer, type IncomingMessage, type ServerResponse} from "node:http";
import type {AddressInfo, Socket} from "node:net";
import type {ClaudeSettings} from "../../kernel/commentary/claude-client.js";

/**
 * A local Anthropic Messages API: `POST /v1/messages` with the real headers (the key as `x-api-key` or
 * `Authorization: Bearer`, `anthropic-version`),
 * JSON bodies, non-streaming JSON replies and `stream: true` server-sent events in the API's order
 * (message_start, content_block_start, ping, content_block_delta with text_delta..., content_block_stop,
 * message_delta with usage, message_stop), and the API's error bodies
 * (`{"type":"error","error":{"type":"rate_limit_error",...},"request_id":...}`) with their statuses: 400, 401,
 * 404, 429 with retry-after, 500, 529. Replies are scripted step by step; misbehaviour too: a stream cut
 * mid-way (socket destroyed), an SSE `error` event mid-stream, a slow first byte, a request left hanging.
 */

/** One scripted answer; the next request takes the next step, then `defaultReply` answers. */
export type FakeStep =
  | {
      reply: string;
      /** Before the response headers, ms. */
      delayMs?: number;
      /** Between text deltas, ms. */
      tokenDelayMs?: number;
      /** Destroy the socket after this many text deltas (a stream cut mid-way). */
      cutAfter?: number;
      /** Send an SSE `error` event of this type after `errorAfter` deltas, then end the stream. */
      errorAfter?: number;
      errorType?: ErrorType;
    }
  | {status: 400 | 401 | 404 | 429 | 500 | 529; retryAfter?: number; message?: string}
  /** Accept the request and never answer (the client's timeout must end it). */
  | {hang: true};

type ErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "not_found_error"
  | "rate_limit_error"
  | "api_error"
  | "overloaded_error";

const ERROR_TYPES: Record<number, ErrorType> = {
  400: "invalid_request_error",
  401: "authentication_error",
  404: "not_found_error",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

/** What the fake received. */
export interface FakeRequest {
  at: number;
  headers: Record<string, string | string[] | undefined>;
  body: MessagesBody;
  /** How it was answered: "reply", a status, "cut", "error-event" or "hang". */
  answer: string;
}

export interface MessagesBody {
  model: string;
  max_tokens: number;
  stream?: boolean;
  system?: string | {type: "text"; text: string; cache_control?: unknown}[];
  messages: {role: string; content: string | {type: string; text?: string}[]}[];
}

export interface FakeAnthropicOptions {
  apiKey?: string;
  /** Listen on this port (to bring a stopped fake back at the same address); default a free one. */
  port?: number;
  /** Answers requests the script does not cover; defaults to echoing the prompt's "Headline:" line. */
  defaultReply?: (body: MessagesBody) => string;
}

export interface FakeAnthropic {
  /** The base URL to give the SDK, e.g. http://127.0.0.1:41234 (the SDK adds /v1/messages). */
  url: string;
  port: number;
  apiKey: string;
  requests: FakeRequest[];
  /** Queues answers for the next requests. */
  script(...steps: FakeStep[]): void;
  /** Steps not yet used. */
  pending(): number;
  close(): Promise<void>;
}

/** Claude settings that point the kernel's client (the official SDK) at a fake; timeouts 5 s unless overridden. */
export function toFakeClaudeSettings(
  fake: {url: string; apiKey: string},
  overrides: Partial<ClaudeSettings> = {},
): ClaudeSettings {
  return {
    apiKey: fake.apiKey,
    baseURL: fake.url,
    model: "claude-haiku-4-5",
    requestTimeoutMs: 5_000,
    firstTokenTimeoutMs: 5_000,
    idleTimeoutMs: 5_000,
    ...overrides,
  };
}

/** The text a request's user message carries (the last one). */
export function userText(body: MessagesBody): string {
  const last = body.messages.at(-1);
  if (!last) return "";
  return typeof last.content === "string"
    ? last.content
    : last.content.map((part) => part.text ?? "").join("");
}

/** The default answer: the event's headline, which is grounded by construction. */
export function echoHeadline(body: MessagesBody): string {
  const headline = /^Headline: (.*)$/m.exec(userText(body))?.[1];
  return headline ? `${headline}.` : "Racing continues.";
}

/** Starts the fake on 127.0.0.1. */
export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const apiKey = options.apiKey ?? "sk-ant-test-key";
  const defaultReply = options.defaultReply ?? echoHeadline;
  const steps: FakeStep[] = [];
  const requests: FakeRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((request, response) => {
    void handle(request, response).catch(() => response.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? "/", "http://fake").pathname;
    const raw = await readBody(request);
    if (request.method !== "POST" || path !== "/v1/messages")
      return sendError(
        response,
        404,
        `${request.method} ${path} does not exist: the fake serves POST /v1/messages`,
      );
    // The API takes the key as x-api-key or as a bearer token; SDK 1.x sends the bearer form.
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    if ((request.headers["x-api-key"] ?? bearer) !== apiKey)
      return sendError(response, 401, "invalid x-api-key");
    if (!request.headers["anthropic-version"])
      return sendError(response, 400, "anthropic-version: header is required");
    let body: MessagesBody;
    try {
      body = JSON.parse(raw) as MessagesBody;
    } catch {
      return sendError(response, 400, "the request body is not valid JSON");
    }
    const invalid = validate(body);
    if (invalid) return sendError(response, 400, invalid);
    const step = steps.shift() ?? {reply: defaultReply(body)};
    const record: FakeRequest = {at: Date.now(), headers: request.headers, body, answer: ""};
    requests.push(record);
    if ("hang" in step) {
      record.answer = "hang";
      return;
    }
    if ("status" in step) {
      record.answer = String(step.status);
      const headers: Record<string, string> = {};
      if (step.retryAfter != null) headers["retry-after"] = String(step.retryAfter);
      return sendError(response, step.status, step.message ?? defaultMessage(step.status), headers);
    }
    if (step.delayMs) await sleep(step.delayMs);
    const tokens = splitTokens(step.reply);
    const usage = {input_tokens: estimateTokens(body), output_tokens: tokens.length};
    const id = `msg_${randomBytes(12).toString("hex")}`;
    if (!body.stream) {
      record.answer = "reply";
      return sendJson(response, 200, {
        id,
        type: "message",
        role: "assistant",
        model: body.model,
        content: [{type: "text", text: step.reply}],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage,
      });
    }
    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      "request-id": `req_${randomBytes(12).toString("hex")}`,
    });
    const send = (event: string, data: unknown) =>
      response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send("message_start", {
      type: "message_start",
      message: {
        id,
        type: "message",
        role: "assistant",
        model: body.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {input_tokens: usage.input_tokens, output_tokens: 1},
      },
    });
    send("content_block_start", {
      type: "content_block_start",
      index: 0,
      content_block: {type: "text", text: ""},
    });
    send("ping", {type: "ping"});
    for (let index = 0; index < tokens.length; index++) {
      if (step.cutAfter != null && index === step.cutAfter) {
        record.answer = "cut";
        // Let what was written reach the client first: a cut mid-way, not a refused connection.
        await sleep(30);
        response.socket?.destroy();
        return;
      }
      if (step.errorAfter != null && index === step.errorAfter) {
        record.answer = "error-event";
        const type = step.errorType ?? "overloaded_error";
        send("error", {
          type: "error",
          error: {type, message: defaultMessage(type === "overloaded_error" ? 529 : 500)},
        });
        response.end();
        return;
      }
      if (step.tokenDelayMs && index > 0) await sleep(step.tokenDelayMs);
      send("content_block_delta", {
        type: "content_block_delta",
        index: 0,
        delta: {type: "text_delta", text: tokens[index]},
      });
    }
    send("content_block_stop", {type: "content_block_stop", index: 0});
    send("message_delta", {
      type: "message_delta",
      delta: {stop_reason: "end_turn", stop_sequence: null},
      usage: {output_tokens: usage.output_tokens},
    });
    send("message_stop", {type: "message_stop"});
    record.answer = "reply";
    response.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    apiKey,
    requests,
    script: (...more) => void steps.push(...more),
    pending: () => steps.length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function validate(body: MessagesBody): string | null {
  if (body === null || typeof body !== "object") return "the body must be a JSON object";
  if (typeof body.model !== "string" || body.model === "") return "model: Field required";
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1)
    return "max_tokens: Field required (a positive integer)";
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    return "messages: at least one message is required";
  if (body.messages.some((message) => message.role !== "user" && message.role !== "assistant"))
    return "messages: roles must be user or assistant";
  return null;
}

/** Splits a reply the way the API streams it: word pieces, each carrying its leading space. */
export function splitTokens(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

function estimateTokens(body: MessagesBody): number {
  const system =
    typeof body.system === "string" ? body.system : (body.system ?? []).map((part) => part.text).join("");
  return Math.ceil(
    (system.length + body.messages.map((message) => JSON.stringify(message.content)).join("").length) / 4,
  );
}

function defaultMessage(status: number): string {
  return (
    {
      400: "Invalid request",
      401: "invalid x-api-key",
      404: "Not found",
      429: "Number of requests has exceeded your rate limit",
      500: "Internal server error",
      529: "Overloaded",
    }[status] ?? "Error"
  );
}

function sendError(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(
    response,
    status,
    {
      type: "error",
      error: {type: ERROR_TYPES[status] ?? "api_error", message},
      request_id: `req_${randomBytes(12).toString("hex")}`,
    },
    headers,
  );
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "request-id": `req_${randomBytes(12).toString("hex")}`,
    ...headers,
  });
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
