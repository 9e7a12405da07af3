export {
  answerQuestion,
  type AnswerOptions,
  type AnswerResult,
  type Citation,
} from './answer-question.ts';
export { coverageThreshold, relevanceRejection } from './relevance-gate.ts';
export { checkGrounding, supportThreshold } from './grounding.ts';
export { importDocuments, type ImportReport } from './import-documents.ts';
export { listDocuments, type KbDocumentSummary } from './kb-database.ts';
export { searchPassages, type SearchFilters, type SearchHit } from './search-passages.ts';
export { loadSynonyms, type SynonymTable } from './synonyms.ts';
export { createChatClient, type ChatClient } from './chat-client.ts';
export { createEmbeddingClient, type EmbeddingClient } from './embedding-client.ts';
export { chatConfigFromEnv, embeddingsConfigFromEnv } from './model-config.ts';
export type { Passage } from './passage.ts';
