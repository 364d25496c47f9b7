import { emptyUsage, type Usage } from '../core/model/usage.js';

/** What a job's model clients used in all (a job may make several: a review, then its verification…). */
export function totalUsage(models: Array<{ ledger: { usage: Usage } }>): Usage {
  const total = emptyUsage();
  for (const model of models) {
    for (const key of Object.keys(total) as (keyof Usage)[]) total[key] += model.ledger.usage[key];
  }
  return total;
}
