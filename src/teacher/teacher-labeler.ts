import { z } from 'zod';
import { appealTypes, type AppealType } from '../appeal/appeal.ts';
import { InvalidArgumentError, ModelServiceError } from '../errors/index.ts';
import { categoryProbabilitiesFromLogprobs } from './category-probabilities.ts';
import {
  buildLabelMessages,
  buildRepairMessage,
  categoryCodes,
  labelAnswerSchema,
} from './label-prompt.ts';
import { parseJsonLoosely } from './parse-answer.ts';
import type { TeacherClient, TeacherRequest } from './teacher-client.ts';

/** The teacher's label of one appeal. */
export interface TeacherLabel {
  id: string;
  category: string;
  /** Probability of every category, indexed like the category list. */
  probabilities: Record<string, number>;
  /** Source of the probabilities. */
  method: 'logprobs' | 'sampling';
  /** Answers the probabilities rest on (1 with log-probabilities). */
  samples: number;
  appealType: AppealType;
  elements: Record<string, string[]>;
  summary: string;
  /** Reasoning of a reasoning model, kept for audit; null otherwise. */
  reasoning: string | null;
}

/** Settings of the labeller. */
export interface LabelOptions {
  categories: readonly string[];
  /** Try log-probabilities first (one request at temperature 0). */
  useLogprobs: boolean;
  /** Answers sampled when log-probabilities are off or unavailable. */
  samples: number;
  /** Sampling temperature; must be above 0 when samples > 1. */
  samplingTemperature: number;
  /** Alternatives per token to request with log-probabilities. */
  topLogprobs: number;
}

export const defaultLabelOptions: Omit<LabelOptions, 'categories'> = {
  useLogprobs: false,
  samples: 5,
  samplingTemperature: 0.7,
  topLogprobs: 10,
};

const answerSchema = z.object({
  category_code: z.string().optional(),
  category: z.string(),
  appeal_type: z.enum(appealTypes),
  elements: z.record(z.string(), z.array(z.string())),
  summary: z.string().min(1),
});

type Answer = z.infer<typeof answerSchema>;

/** A checked answer, or the reason it cannot be used. */
type Interpretation =
  | { ok: true; answer: Answer; categoryIndex: number }
  | { ok: false; problem: string };

/** Parses and checks one answer against the schema and category list. */
export function interpretAnswer(
  content: string,
  categories: readonly string[],
): Interpretation {
  const parsed = parseJsonLoosely(content);
  if (!parsed.ok) return { ok: false, problem: `invalid JSON (${parsed.error})` };
  const checked = answerSchema.safeParse(parsed.value);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const field = issue.path.map(String).join('.') || '(root)';
    return {
      ok: false,
      problem: `the field "${field}" is missing or invalid (${issue.message})`,
    };
  }
  const answer = checked.data;
  const codes = categoryCodes(categories);
  let categoryIndex = categories.indexOf(answer.category.trim());
  if (categoryIndex < 0 && answer.category_code !== undefined) {
    categoryIndex = codes.indexOf(answer.category_code.trim().toUpperCase());
  }
  if (categoryIndex < 0) {
    return {
      ok: false,
      problem:
        `the field "category" is "${answer.category}", which is not one ` +
        `of ${categories.join(', ')}`,
    };
  }
  return { ok: true, answer, categoryIndex };
}

/**
 * Labels appeals with a teacher model: category with a probability per
 * category, appeal type, elements and a summary. Probabilities come from
 * the log-probabilities of the category code when `useLogprobs` is set and
 * the server returns them, else from `samples` answers at
 * `samplingTemperature` (share of answers per category).
 */
export class TeacherLabeler {
  private readonly options: LabelOptions;

  constructor(
    private readonly client: TeacherClient,
    options: Partial<LabelOptions> & { categories: readonly string[] },
  ) {
    this.options = { ...defaultLabelOptions, ...options };
    if (this.options.categories.length < 2) {
      throw new InvalidArgumentError({
        parameter: 'categories',
        value: this.options.categories,
        message:
          `the teacher needs at least two categories, got ` +
          `${this.options.categories.length}. Pass the label set of the ` +
          'training data.',
      });
    }
    const { samples, samplingTemperature } = this.options;
    if (!Number.isInteger(samples) || samples < 1) {
      throw new InvalidArgumentError({
        parameter: '--samples',
        value: samples,
        message: `--samples must be a positive integer, got ${samples}.`,
      });
    }
    if (samples > 1 && samplingTemperature <= 0) {
      throw new InvalidArgumentError({
        parameter: 'samplingTemperature',
        value: samplingTemperature,
        message:
          `sampling ${samples} answers needs a temperature above 0, got ` +
          `${samplingTemperature}; identical answers give no probabilities.`,
      });
    }
  }

  /**
   * Labels one appeal.
   *
   * @throws ModelServiceError when the endpoint fails, or when an answer
   *   and its one repair attempt both break the answer format (the message
   *   names the field).
   */
  async label(id: string, text: string): Promise<TeacherLabel> {
    const { categories, useLogprobs, samples } = this.options;
    const messages = buildLabelMessages(text, categories);
    const schema = { name: 'appeal_label', schema: labelAnswerSchema(categories) };
    if (useLogprobs) {
      const result = await this.ask({
        messages,
        temperature: 0,
        jsonSchema: schema,
        topLogprobs: this.options.topLogprobs,
      });
      const probabilities =
        result.logprobs === null
          ? null
          : categoryProbabilitiesFromLogprobs(
              result.logprobs,
              categoryCodes(categories),
            );
      if (probabilities !== null) {
        return this.toLabel(id, result, probabilities, 'logprobs', 1);
      }
    }
    const answers = [];
    for (let sample = 0; sample < samples; sample++) {
      answers.push(
        await this.ask({
          messages,
          temperature: samples > 1 ? this.options.samplingTemperature : 0,
          seed: sample,
          jsonSchema: schema,
        }),
      );
    }
    const counts = new Array<number>(categories.length).fill(0);
    for (const answer of answers) counts[answer.categoryIndex]! += 1;
    const probabilities = counts.map((count) => count / samples);
    let best = 0;
    for (let c = 1; c < counts.length; c++) if (counts[c]! > counts[best]!) best = c;
    const representative = answers.find((a) => a.categoryIndex === best)!;
    return this.toLabel(id, representative, probabilities, 'sampling', samples);
  }

  private toLabel(
    id: string,
    result: AskResult,
    probabilities: number[],
    method: TeacherLabel['method'],
    samples: number,
  ): TeacherLabel {
    const { categories } = this.options;
    let best = 0;
    for (let c = 1; c < probabilities.length; c++) {
      if (probabilities[c]! > probabilities[best]!) best = c;
    }
    return {
      id,
      category: categories[best]!,
      probabilities: Object.fromEntries(
        categories.map((category, c) => [category, probabilities[c]!]),
      ),
      method,
      samples,
      appealType: result.answer.appeal_type,
      elements: result.answer.elements,
      summary: result.answer.summary,
      reasoning: result.reasoning,
    };
  }

  /** Sends one request; an unusable answer gets one repair request. */
  private async ask(request: TeacherRequest): Promise<AskResult> {
    const { categories } = this.options;
    const reply = await this.client.complete(request);
    const first = interpretAnswer(reply.content, categories);
    if (first.ok) {
      return { ...first, reasoning: reply.reasoning, logprobs: reply.logprobs };
    }
    const repairRequest: TeacherRequest = {
      ...request,
      messages: [
        ...request.messages,
        { role: 'assistant', content: reply.content },
        buildRepairMessage(first.problem),
      ],
    };
    delete repairRequest.topLogprobs;
    const repaired = await this.client.complete(repairRequest);
    const second = interpretAnswer(repaired.content, categories);
    if (second.ok) {
      return {
        ...second,
        reasoning: repaired.reasoning ?? reply.reasoning,
        logprobs: null,
      };
    }
    throw new ModelServiceError({
      endpoint: this.client.model,
      message:
        `the teacher model ${this.client.model} gave an unusable answer ` +
        `twice (once after a repair request): ${second.problem}. Check ` +
        'that the model follows JSON instructions, or set ' +
        'HOTLINE_TEACHER_RESPONSE_FORMAT=json_schema if the server ' +
        'supports it.',
    });
  }
}

interface AskResult {
  answer: Answer;
  categoryIndex: number;
  reasoning: string | null;
  logprobs: import('./teacher-client.ts').TokenLogprob[] | null;
}
