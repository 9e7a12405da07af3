export { summarize, maxSummaryLength } from './summarize.ts';
