import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply of the fake server. */
export interface Scripted {
  status?: number;
  /** Message content for a 200 reply (or computed from the request), or a raw body for other statuses. */
  content?: string | ((request: { messages: { role: string; content: string }[] }) => string);
  rawBody?: string;
  delayMs?: number;
}

/**
 * A real local HTTP server speaking the OpenAI chat completions API, replying
 * from a script (the last entry repeats). Records every request body.
 */
export class FakeOpenAI {
  readonly requests: ({ model: string; messages: { role: string; content: string }[] } & Record<string, unknown>)[] = [];
  /** Every HTTP request, of any path (the endpoint probe lists models), with the key it carried. */
  readonly hits: { method: string; url: string; authorization?: string }[] = [];
  /** When each request arrived (ms since the epoch). */
  readonly times: number[] = [];
  private server: Server;
  private script: Scripted[] = [];

  constructor() {
    this.server = createServer((req, res) => {
      this.hits.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
          res.writeHead(404).end();
          return;
        }
        const request = JSON.parse(body);
        this.requests.push(request);
        this.times.push(Date.now());
        const step = this.script.length > 1 ? this.script.shift()! : this.script[0]!;
        setTimeout(() => {
          if (res.destroyed) return;
          const status = step.status ?? 200;
          if (status !== 200) {
            res.writeHead(status, { 'content-type': 'application/json' }).end(step.rawBody ?? JSON.stringify({ error: { message: `status ${status}` } }));
            return;
          }
          res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              id: 'chatcmpl-test',
              object: 'chat.completion',
              created: 0,
              model: 'fake-model',
              choices: [
                {
                  index: 0,
                  finish_reason: 'stop',
                  message: { role: 'assistant', content: typeof step.content === 'function' ? step.content(request) : (step.content ?? '') },
                },
              ],
              usage: { prompt_tokens: 1000, completion_tokens: 200, total_tokens: 1200 },
            }),
          );
        }, step.delayMs ?? 0);
      });
    });
  }

  reply(...script: Scripted[]): this {
    this.script = script;
    this.requests.length = 0;
    this.times.length = 0;
    return this;
  }

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
