import Anthropic from '@anthropic-ai/sdk';
import type {
  Message,
  MessageCountTokensParams,
  MessageCreateParamsNonStreaming,
} from '@anthropic-ai/sdk/resources/messages';
import { describeApiError } from './api-errors.js';
import type { UsageLedger } from './ledger.js';

export interface ModelClientOptions {
  apiKey: string;
  /** ANTHROPIC_BASE_URL: a gateway or a local Anthropic-compatible server. */
  baseURL?: string;
  model: string;
  /** Retries on 408/409/429/5xx/529 and connection errors, by the SDK: exponential backoff with jitter,
   * honouring retry-after / retry-after-ms. */
  maxRetries: number;
  timeoutMs: number;
  ledger: UsageLedger;
}

export type MessageRequest = Omit<MessageCreateParamsNonStreaming, 'model'>;

const DEFAULT_BASE_URL = 'https://api.anthropic.com';

/** The one way the core talks to Claude: budgets checked before, usage recorded after, errors made readable. */
export class ModelClient {
  private readonly anthropic: Anthropic;
  readonly model: string;
  readonly baseURL: string;
  private countTokensAvailable = true;

  constructor(private readonly options: ModelClientOptions) {
    this.model = options.model;
    this.baseURL = options.baseURL || DEFAULT_BASE_URL;
    this.anthropic = new Anthropic({
      apiKey: options.apiKey,
      baseURL: this.baseURL,
      maxRetries: options.maxRetries,
      timeout: options.timeoutMs,
    });
  }

  get ledger(): UsageLedger {
    return this.options.ledger;
  }

  async createMessage(
    request: MessageRequest,
    options: { signal?: AbortSignal; estimatedInputTokens: number },
  ): Promise<Message> {
    this.options.ledger.reserve(this.model, options.estimatedInputTokens, request.max_tokens);
    try {
      const message = await this.anthropic.messages.create(
        { ...request, model: this.model },
        { signal: options.signal },
      );
      this.options.ledger.record(this.model, message.usage);
      return message;
    } catch (error) {
      throw describeApiError(error, { baseURL: this.baseURL, retries: this.options.maxRetries });
    }
  }

  /**
   * Anthropic's count_tokens endpoint (free, not billed) when the server offers it; null otherwise, after
   * which callers use a local estimate. A gateway without the endpoint is asked only once.
   */
  async countTokens(
    request: Omit<MessageCountTokensParams, 'model'>,
    signal?: AbortSignal,
  ): Promise<number | null> {
    if (!this.countTokensAvailable) return null;
    try {
      const result = await this.anthropic.messages.countTokens(
        { ...request, model: this.model },
        { signal, maxRetries: 1 },
      );
      return result.input_tokens;
    } catch (error) {
      if (error instanceof Anthropic.APIUserAbortError)
        throw describeApiError(error, { baseURL: this.baseURL, retries: 0 });
      if (error instanceof Anthropic.AuthenticationError) {
        throw describeApiError(error, { baseURL: this.baseURL, retries: 0 });
      }
      this.countTokensAvailable = false;
      return null;
    }
  }
}
