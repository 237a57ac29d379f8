/** The report's Chinese names: one table for the server and the web (shared/labels-zh.ts). */
export { COACHING_KIND_ZH, clock, LABEL_ZH, METRIC_ZH, TECHNIQUE_ZH } from '../../shared/labels-zh.js';
