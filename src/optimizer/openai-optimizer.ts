import OpenAI from 'openai';

import type { BuiltContext, ContextInput, Optimizer, Proposal } from './types.ts';

export interface OpenAIOptions {
  model: string;
  /** Any OpenAI-compatible endpoint (vLLM, llama.cpp server, Ollama...); default OpenAI's own API. */
  baseUrl?: string;
  apiKey?: string;
  /** Absent: no temperature is sent (the provider's default). */
  temperature?: number;
  /** The reply's token limit (`max_tokens`); absent: none is sent. */
  replyMaxTokens?: number;
  /** Ask for `response_format: json_object`; a server that rejects it is asked again without it. */
  jsonMode?: boolean;
  timeoutMs?: number;
  /** Retries on connection errors, timeouts, 429 and 5xx, with exponential backoff (the SDK's). */
  maxRetries?: number;
  /** Prices in USD per million tokens, for cost accounting. */
  priceInPerMillion?: number;
  priceOutPerMillion?: number;
  /** Awaited before every HTTP request, retries included (a shared rate limit). */
  beforeRequest?: () => Promise<void>;
  /** Replies longer than this many characters are refused (default 256 KiB): an unbounded reply would fill checkpoints. */
  maxReplyChars?: number;
}

export const DEFAULT_MAX_REPLY_CHARS = 256 * 1024;

/** Where requests go without a base URL: OpenAI's own API. */
export const OPENAI_API_URL = 'https://api.openai.com/v1';

/** An LLM optimizer over any OpenAI-compatible chat completions endpoint. */
export class OpenAIOptimizer implements Optimizer {
  readonly name: string;
  private readonly client: OpenAI;
  /** HTTP requests sent so far, retries included: what an LLM call budget counts. */
  private requests = 0;
  private probing = false;

  constructor(private readonly o: OpenAIOptions) {
    this.name = `openai:${o.model}`;
    this.client = new OpenAI({
      // Both given explicitly: the client would otherwise read the process environment itself.
      apiKey: o.apiKey ?? 'not-needed-for-local-servers',
      baseURL: o.baseUrl ?? OPENAI_API_URL,
      timeout: o.timeoutMs ?? 120_000,
      maxRetries: o.maxRetries ?? 3,
      fetch: async (url: RequestInfo | URL, init?: RequestInit) => {
        // The reachability probe is not an LLM call: neither rate-limited nor counted.
        if (!this.probing) {
          await o.beforeRequest?.();
          this.requests++;
        }
        return fetch(url, init);
      },
    });
  }

  /**
   * One request for the model list, no retries: only a failure to connect
   * counts (a server without that route still answers, so it is reachable).
   */
  async unreachable(): Promise<string | undefined> {
    this.probing = true;
    try {
      await this.client.models.list({ maxRetries: 0, timeout: Math.min(this.o.timeoutMs ?? 120_000, 15_000) });
      return undefined;
    } catch (err) {
      if (err instanceof OpenAI.APIConnectionError) return `${this.client.baseURL} cannot be reached (${err.message})`;
      return undefined;
    } finally {
      this.probing = false;
    }
  }

  async propose(_input: ContextInput, context: BuiltContext): Promise<Proposal> {
    const usage = { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
    const requestsBefore = this.requests;
    const request = {
      model: this.o.model,
      messages: context.messages,
      ...(this.o.temperature !== undefined ? { temperature: this.o.temperature } : {}),
      ...(this.o.replyMaxTokens !== undefined ? { max_tokens: this.o.replyMaxTokens } : {}),
    };
    let text: string;
    try {
      let reply: OpenAI.Chat.ChatCompletion;
      try {
        reply = await this.client.chat.completions.create(this.o.jsonMode ? { ...request, response_format: { type: 'json_object' } } : request);
      } catch (err) {
        // Servers without JSON mode answer 400 (or 422); the study's optimizer then asked without it.
        if (!this.o.jsonMode || !(err instanceof OpenAI.APIError) || ![400, 422].includes(err.status ?? 0)) throw err;
        reply = await this.client.chat.completions.create(request);
      }
      usage.promptTokens = reply.usage?.prompt_tokens ?? 0;
      usage.completionTokens = reply.usage?.completion_tokens ?? 0;
      usage.costUsd = (usage.promptTokens * (this.o.priceInPerMillion ?? 0) + usage.completionTokens * (this.o.priceOutPerMillion ?? 0)) / 1e6;
      text = reply.choices[0]?.message?.content ?? '';
    } catch (err) {
      usage.calls = this.requests - requestsBefore;
      return { error: `the model call failed: ${(err as Error).message}`, usage };
    }
    usage.calls = this.requests - requestsBefore;
    const cap = this.o.maxReplyChars ?? DEFAULT_MAX_REPLY_CHARS;
    if (text.length > cap) {
      return {
        error: `the reply has ${text.length} characters, over the limit of ${cap}`,
        usage,
        response: `${text.slice(0, 4096)}\n[... ${text.length - 4096} more characters not kept]`,
      };
    }
    try {
      return { candidate: context.readReply(text), usage, response: text };
    } catch (err) {
      return { error: `could not read the reply: ${(err as Error).message}`, usage, response: text };
    }
  }
}
