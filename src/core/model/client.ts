import Anthropic from '@anthropic-ai/sdk';
import type {
  Message,
  MessageCountTokensParams,
  MessageCreateParamsNonStreaming,
} from '@anthropic-ai/sdk/resources/messages';
import type { PullwiseError } from '../errors.js';
import { describeApiError } from './api-errors.js';
import { OUTAGE_CODES, type CircuitBreaker } from './circuit-breaker.js';
import type { ApiUsage, UsageLedger } from './ledger.js';
import { maskRequestSecrets } from './mask-request.js';
import { platformMessages, type PlatformMessages } from './platform-client.js';
import { platformWhere, type Platform } from './platform.js';

export interface ModelClientOptions {
  /** Where Claude is reached (Anthropic's API, a gateway at ANTHROPIC_BASE_URL, Bedrock, Vertex). */
  platform: Platform;
  /** The process environment, for the platform's credentials (see platformMessages). */
  env?: Record<string, string | undefined>;
  /** The config's model name: what budgets, prices and reports speak of. */
  model: string;
  /** What the platform calls it (a Bedrock inference profile, a Vertex id); default `model`. */
  modelId?: string;
  /** Retries on 408/409/429/5xx/529 and connection errors, by the SDK: exponential backoff with jitter,
   * honouring retry-after / retry-after-ms. */
  maxRetries: number;
  timeoutMs: number;
  ledger: UsageLedger;
  /**
   * Shared by the process's clients: while the API is down (calls failing in a row with 5xx, 529 or no
   * connection), calls wait for it to come back instead of failing their jobs.
   */
  circuit?: CircuitBreaker;
}

export type MessageRequest = Omit<MessageCreateParamsNonStreaming, 'model'>;

/** One Messages API call as it ended (after the SDK's retries): what observers (metrics) are told. */
export interface ModelCallEvent {
  /** The model asked for. */
  model: string;
  /** The model that answered, as the API names it; absent when the call failed. */
  responseModel?: string;
  maxTokens: number;
  /** When the call was sent, in ms since the epoch, and how long it took, retries included. */
  startedAt: number;
  durationMs: number;
  /** Absent when the call failed. */
  usage?: ApiUsage;
  /** What the call cost by the ledger's prices; 0 when it failed. */
  costUsd: number;
  error?: PullwiseError;
}

/**
 * Told of every Messages API call a client sends (not of calls the budget refused before sending), once it
 * ended: the core hands no control to an observer, and knows nothing of what it does with the event.
 */
export interface ModelCallObserver {
  onCall(event: ModelCallEvent): void;
}

/** The one way the core talks to Claude: budgets checked before, usage recorded after, errors made readable. */
export class ModelClient {
  private readonly messages: PlatformMessages;
  readonly model: string;
  readonly modelId: string;
  readonly platform: Platform;
  /** Where calls go, as messages name it: the URL, or the platform and its region. */
  readonly where: string;
  private countTokensAvailable = true;
  private readonly observers: ModelCallObserver[] = [];

  constructor(private readonly options: ModelClientOptions) {
    this.model = options.model;
    this.modelId = options.modelId ?? options.model;
    this.platform = options.platform;
    this.where = platformWhere(options.platform);
    this.messages = platformMessages(options.platform, options.env ?? {}, options);
  }

  get ledger(): UsageLedger {
    return this.options.ledger;
  }

  /** Tells `observer` of each call from now on. */
  observe(observer: ModelCallObserver): void {
    this.observers.push(observer);
  }

  async createMessage(
    request: MessageRequest,
    options: { signal?: AbortSignal; estimatedInputTokens: number },
  ): Promise<Message> {
    const { ledger } = this.options;
    ledger.reserve(this.model, options.estimatedInputTokens, request.max_tokens);
    const { circuit } = this.options;
    const masked = maskRequestSecrets(request);
    let message: Message;
    let call: { model: string; maxTokens: number; startedAt: number };
    let started: number;
    for (;;) {
      await circuit?.acquire(options.signal);
      call = { model: this.model, maxTokens: request.max_tokens, startedAt: Date.now() };
      started = performance.now();
      try {
        message = await this.messages.create({ ...masked, model: this.modelId }, { signal: options.signal });
        circuit?.succeeded();
        break;
      } catch (error) {
        const described = describeApiError(error, this.errorContext(this.options.maxRetries));
        this.tell({ ...call, durationMs: performance.now() - started, costUsd: 0, error: described });
        if (!circuit) throw described;
        if (OUTAGE_CODES.has(described.code)) {
          circuit.failed(described.message);
          // The circuit opened (or stays open): wait for the API with the others rather than fail the job.
          if (circuit.status !== 'closed' && !options.signal?.aborted) continue;
        } else if (described.code === 'cancelled') {
          circuit.released();
        } else {
          circuit.succeeded(); // the API answered (a bad request, a bad key): it is up
        }
        throw described;
      }
    }
    const durationMs = performance.now() - started;
    const spentBefore = ledger.usage.costUsd;
    ledger.record(this.model, message.usage);
    this.tell({
      ...call,
      responseModel: message.model,
      durationMs,
      usage: message.usage,
      costUsd: ledger.usage.costUsd - spentBefore,
    });
    return message;
  }

  // Observing must never change the outcome of a call, so an observer's failure is swallowed.
  private tell(event: ModelCallEvent): void {
    for (const observer of this.observers) {
      try {
        observer.onCall(event);
      } catch {
        // nothing to do: the call itself went as reported
      }
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
    if (!this.countTokensAvailable || !this.messages.countTokens) return null;
    try {
      const result = await this.messages.countTokens(
        { ...maskRequestSecrets(request), model: this.modelId },
        { signal, maxRetries: 1 },
      );
      return result.input_tokens;
    } catch (error) {
      if (error instanceof Anthropic.APIUserAbortError || error instanceof Anthropic.AuthenticationError)
        throw describeApiError(error, this.errorContext(0));
      this.countTokensAvailable = false;
      return null;
    }
  }

  private errorContext(retries: number) {
    return { platform: this.platform, where: this.where, modelId: this.modelId, retries };
  }
}
