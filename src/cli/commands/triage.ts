import type { Command } from 'commander';
import type { CliContext, RegisterCommand } from '../command.ts';
import { maskPersonalData } from '../../appeal/mask.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import {
  loadRunModules,
  type RunModules,
} from '../../run/load-run-modules.ts';
import type { TriageResult } from '../../triage/triage-result.ts';

interface TriageFlags {
  title?: string;
  json?: boolean;
}

/**
 * Builds the `triage` command on the given pipeline loader, so tests can
 * substitute it.
 */
export function createTriageCommand(
  load: () => Promise<RunModules> = loadRunModules,
): RegisterCommand {
  return (program: Command, context: CliContext) => {
    program
      .command('triage')
      .description(
        'Triage one appeal: category, elements, departments and summary. ' +
          'Personal data is masked before anything else sees the text.',
      )
      .argument('<text>', 'the appeal text (留言详情)')
      .option('--title <title>', 'the appeal title (留言主题)')
      .option('--json', 'print one JSON object')
      .action(async (text: string, flags: TriageFlags) => {
        const body = maskPersonalData(text, 'body').text;
        const title = maskPersonalData(flags.title ?? '', 'title').text;
        if (body.trim() === '' && title.trim() === '') {
          throw new InvalidArgumentError({
            parameter: 'text',
            value: '',
            message:
              'the appeal text is empty. Pass the text as the argument, ' +
              'e.g. hotline triage "小区门口路灯坏了" --title "路灯损坏".',
          });
        }
        const pipeline = await (await load()).createTriagePipeline();
        const result = pipeline.triage({ title, body, receivedAt: null });
        if (flags.json === true) {
          context.stdout.write(
            `${JSON.stringify({ title, body, ...result })}\n`,
          );
        } else {
          context.stdout.write(formatTriage(title, body, result));
        }
      });
  };
}

/** Registers `hotline triage` with the real pipeline. */
export const registerTriage: RegisterCommand = createTriageCommand();

function formatTriage(
  title: string,
  body: string,
  result: TriageResult,
): string {
  const elements = result.elements;
  const lines = [
    `title:       ${title}`,
    `text:        ${body}`,
    `category:    ${result.category} ` +
      `(${(result.confidence * 100).toFixed(1)}%)`,
    `alternatives: ${result.scores
      .slice(1, 3)
      .map((score) => `${score.label} ${(score.probability * 100).toFixed(1)}%`)
      .join(', ')}`,
    `type:        ${elements.appealType} (${elements.appealTypeReason})`,
    `division:    ${elements.division?.path.join('') ?? '-'}`,
    `locations:   ${elements.locations.map((item) => item.text).join(', ') || '-'}`,
    `times:       ${elements.times.map((item) => item.text).join(', ') || '-'}`,
  ];
  // The first decision is the one the order is dispatched to; the others
  // are departments to copy in.
  result.departments.forEach((decision, index) => {
    lines.push(
      `${index === 0 ? 'department: ' : 'also:       '} ` +
        `${decision.department} [${decision.level}] ` +
        `${decision.reasons.join('; ')}`,
    );
  });
  lines.push(`summary:     ${result.summary}`);
  lines.push(`model:       ${result.modelVersion}`);
  return `${lines.join('\n')}\n`;
}
