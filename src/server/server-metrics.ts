import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one server, in their own registry. */
export interface ServerMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  latency: Histogram<'method' | 'route'>;
  triaged: Counter<'category'>;
}

/**
 * Creates the registry with request counts by route and status, a latency
 * histogram in seconds, triage counts by category and the model version
 * as an info gauge (value 1, version in a label).
 */
export function createServerMetrics(modelVersion: string): ServerMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'hotline_http_requests_total',
    help: 'HTTP requests by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'hotline_http_request_duration_seconds',
    help: 'HTTP request latency in seconds by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const triaged = new Counter({
    name: 'hotline_triage_total',
    help: 'Appeals triaged through the API, by predicted category.',
    labelNames: ['category'] as const,
    registers: [registry],
  });
  const info = new Gauge({
    name: 'hotline_model_info',
    help: 'The triage model in use; the value is always 1.',
    labelNames: ['version'] as const,
    registers: [registry],
  });
  info.set({ version: modelVersion }, 1);
  return { registry, requests, latency, triaged };
}
