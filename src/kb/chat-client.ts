import { z } from 'zod';
import { ModelServiceError } from '../errors/index.ts';
import type { Logger } from '../logger.ts';
import { postJson, type EndpointConfig, type FetchFunction } from './post-json.ts';

/** One chat message. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Sends a conversation and returns the reply text. */
export interface ChatClient {
  complete(messages: readonly ChatMessage[]): Promise<string>;
}

const chatReply = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable().optional() }),
      }),
    )
    .min(1),
});

/**
 * Removes `<think>…</think>` blocks (and an unclosed trailing one) that
 * reasoning models put before their answer.
 */
export function stripThinking(text: string): string {
  return text
    .replace(/<think>[\s\S]*?<\/think>/gu, '')
    .replace(/<think>[\s\S]*$/u, '')
    .trim();
}

/**
 * Builds a client for an OpenAI-compatible `/v1/chat/completions`
 * endpoint at temperature 0. The reply is `choices[0].message.content`
 * with thinking blocks removed; `reasoning_content` is ignored.
 */
export function createChatClient(
  config: EndpointConfig,
  options: { fetch?: FetchFunction; logger?: Logger } = {},
): ChatClient {
  return {
    async complete(messages) {
      const reply = await postJson(
        config,
        'chat/completions',
        { model: config.model, messages, temperature: 0 },
        options,
      );
      const parsed = chatReply.safeParse(reply);
      const content = parsed.success
        ? parsed.data.choices[0]?.message.content
        : undefined;
      if (typeof content !== 'string') {
        throw new ModelServiceError({
          endpoint: config.baseUrl,
          message:
            `the chat endpoint ${config.baseUrl} returned a reply without ` +
            'choices[0].message.content. Check that it speaks the OpenAI ' +
            'chat-completions protocol.',
        });
      }
      return stripThinking(content);
    },
  };
}
