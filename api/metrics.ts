import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one service instance (its own registry: no global state). */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'tingjian_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly jobsProcessed = new Counter({
    name: 'tingjian_jobs_processed_total',
    help: 'Stage jobs completed',
    labelNames: ['stage'] as const,
    registers: [this.registry],
  });
  readonly jobsFailed = new Counter({
    name: 'tingjian_jobs_failed_total',
    help: 'Stage job attempts that threw (retried or failed for good)',
    labelNames: ['stage'] as const,
    registers: [this.registry],
  });
  readonly stageDuration = new Histogram({
    name: 'tingjian_stage_duration_seconds',
    help: 'Stage handler duration',
    labelNames: ['stage'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
    registers: [this.registry],
  });

  /** Express middleware timing every request by its route pattern (not the raw path). */
  http() {
    return (req: Request, res: Response, next: NextFunction) => {
      const end = this.httpDuration.startTimer();
      res.on('finish', () => {
        const route =
          (req.route?.path as string | undefined) ??
          (res.statusCode === 404 ? 'unmatched' : req.baseUrl || req.path);
        end({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    };
  }

  /** Wraps a stage handler with duration and outcome counters. */
  stage<A extends unknown[]>(name: string, fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
    return async (...args: A) => {
      const end = this.stageDuration.startTimer({ stage: name });
      try {
        await fn(...args);
        this.jobsProcessed.inc({ stage: name });
      } catch (err) {
        this.jobsFailed.inc({ stage: name });
        throw err;
      } finally {
        end();
      }
    };
  }
}
