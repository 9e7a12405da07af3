import { appealFields } from '../../appeal/header-map.ts';
import { InvalidArgumentError } from '../../errors/index.ts';

/**
 * Parses `--map field=column,...` into column overrides per appeal field.
 *
 * @throws InvalidArgumentError for a malformed entry or an unknown field.
 */
export function parseHeaderMap(value: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of value.split(',')) {
    const separator = entry.indexOf('=');
    const field = entry.slice(0, separator).trim();
    const column = entry.slice(separator + 1).trim();
    if (separator <= 0 || column === '') {
      throw new InvalidArgumentError({
        parameter: '--map',
        value,
        message:
          `--map entry "${entry}" is not of the form field=column. ` +
          'Pass e.g. --map body=诉求描述,title=标题.',
      });
    }
    if (!(appealFields as readonly string[]).includes(field)) {
      throw new InvalidArgumentError({
        parameter: '--map',
        value,
        message:
          `--map field "${field}" is unknown. ` +
          `Use one of: ${appealFields.join(', ')}.`,
      });
    }
    map[field] = column;
  }
  return map;
}

/**
 * Parses a whole number flag within [minimum, maximum].
 *
 * @throws InvalidArgumentError when the value is not such a number.
 */
export function parseCount(
  flag: string,
  value: string,
  minimum: number,
  maximum: number,
): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < minimum || number > maximum) {
    throw new InvalidArgumentError({
      parameter: flag,
      value,
      message:
        `${flag} "${value}" is invalid: it must be a whole number from ` +
        `${minimum} to ${maximum}. Pass e.g. ${flag} 500.`,
    });
  }
  return number;
}
