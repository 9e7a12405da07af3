/** Token and request counts of one teacher run. */
export interface UsageTotals {
  /** Requests sent to the endpoint, retries included. */
  requests: number;
  /** Requests answered from the cache without contacting the endpoint. */
  cacheHits: number;
  retries: number;
  promptTokens: number;
  completionTokens: number;
  /** promptTokens and completionTokens priced per 1,000 tokens. */
  cost: number;
}

/** Accumulates usage of a run; the prices are per 1,000 tokens. */
export class UsageLedger {
  private readonly totals: UsageTotals = {
    requests: 0,
    cacheHits: 0,
    retries: 0,
    promptTokens: 0,
    completionTokens: 0,
    cost: 0,
  };

  constructor(
    private readonly pricePer1kPrompt: number,
    private readonly pricePer1kCompletion: number,
  ) {}

  /** Counts one request sent to the endpoint. */
  recordRequest(): void {
    this.totals.requests += 1;
  }

  /** Counts one retry after a failed attempt. */
  recordRetry(): void {
    this.totals.retries += 1;
  }

  /** Counts one reply served from the cache; it costs nothing. */
  recordCacheHit(): void {
    this.totals.cacheHits += 1;
  }

  /** Adds the `usage` of one reply that the endpoint returned. */
  recordUsage(promptTokens: number, completionTokens: number): void {
    this.totals.promptTokens += promptTokens;
    this.totals.completionTokens += completionTokens;
    this.totals.cost +=
      (promptTokens / 1000) * this.pricePer1kPrompt +
      (completionTokens / 1000) * this.pricePer1kCompletion;
  }

  /** Returns a copy of the totals so far. */
  snapshot(): UsageTotals {
    return { ...this.totals };
  }
}
