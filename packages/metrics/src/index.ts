export type { TaskMetric } from './types.js';
