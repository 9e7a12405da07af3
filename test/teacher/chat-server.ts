import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply of the fake chat server. */
export interface ScriptedReply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
  /** Send `body` as is (a string) instead of JSON-encoding it. */
  raw?: boolean;
}

/** A request the fake server received. */
export interface ReceivedRequest {
  url: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

/**
 * OpenAI-style chat-completions server on 127.0.0.1 with a random port.
 * Each request consumes the next scripted reply; with none left it
 * answers 500.
 */
export class FakeChatServer {
  readonly replies: ScriptedReply[] = [];
  readonly requests: ReceivedRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private generation = 0;
  private server: Server | null = null;
  baseUrl = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      request.on('end', () => {
        this.requests.push({
          url: request.url ?? '',
          authorization: request.headers.authorization,
          body: JSON.parse(text) as Record<string, unknown>,
        });
        const reply = this.replies.shift() ?? {
          status: 500,
          body: { error: 'no scripted reply' },
        };
        const generation = this.generation;
        this.inFlight += 1;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        setTimeout(() => {
          // A late reply to a request from before the last reset does not
          // count towards the requests in flight now.
          if (generation === this.generation) this.inFlight -= 1;
          if (response.destroyed) return;
          response.writeHead(reply.status ?? 200, {
            'content-type': 'application/json',
            ...reply.headers,
          });
          response.end(
            reply.raw === true ? String(reply.body) : JSON.stringify(reply.body),
          );
        }, reply.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    const port = (this.server.address() as AddressInfo).port;
    this.baseUrl = `http://127.0.0.1:${port}/v1`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Clears the scripted replies and recorded requests. */
  reset(...replies: ScriptedReply[]): void {
    this.replies.length = 0;
    this.requests.length = 0;
    this.maxInFlight = 0;
    this.inFlight = 0;
    this.generation += 1;
    this.replies.push(...replies);
  }
}

/** A 200 reply whose first choice has `content` and optional extras. */
export function chatReply(
  content: string,
  extra: { message?: Record<string, unknown>; choice?: Record<string, unknown> } = {},
  usage = { prompt_tokens: 100, completion_tokens: 20 },
): ScriptedReply {
  return {
    body: {
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, ...extra.message },
          ...extra.choice,
        },
      ],
      usage,
    },
  };
}
