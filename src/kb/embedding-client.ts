import { z } from 'zod';
import { ModelServiceError } from '../errors/index.ts';
import type { Logger } from '../logger.ts';
import { postJson, type EndpointConfig, type FetchFunction } from './post-json.ts';

/** Turns texts into dense vectors. */
export interface EmbeddingClient {
  /** Model name stored with each vector; vectors of other models are ignored. */
  model: string;
  embed(texts: readonly string[]): Promise<number[][]>;
}

const embeddingReply = z.object({
  data: z.array(
    z.object({ index: z.number().int(), embedding: z.array(z.number()) }),
  ),
});

/**
 * Builds a client for an OpenAI-compatible `/v1/embeddings` endpoint.
 *
 * @throws ModelServiceError (from `embed`) when the call fails or the reply
 *   has the wrong shape.
 */
export function createEmbeddingClient(
  config: EndpointConfig,
  options: { fetch?: FetchFunction; logger?: Logger } = {},
): EmbeddingClient {
  return {
    model: config.model,
    async embed(texts) {
      const reply = await postJson(
        config,
        'embeddings',
        { model: config.model, input: texts },
        options,
      );
      const parsed = embeddingReply.safeParse(reply);
      if (!parsed.success || parsed.data.data.length !== texts.length) {
        throw new ModelServiceError({
          endpoint: config.baseUrl,
          message:
            `the embeddings endpoint ${config.baseUrl} returned a reply ` +
            `without ${texts.length} vectors in data[].embedding. Check ` +
            'that it speaks the OpenAI embeddings protocol.',
        });
      }
      return [...parsed.data.data]
        .sort((a, b) => a.index - b.index)
        .map((item) => item.embedding);
    },
  };
}
