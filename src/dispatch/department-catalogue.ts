import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigFormatError, InputFileError } from '../errors/index.ts';

const keywordGroup = z.array(z.string().min(1)).min(1);

const catalogueSchema = z.strictObject({
  version: z.literal(1),
  departments: z.record(
    z.string().min(1),
    z.strictObject({ name: z.string().min(1) }),
  ),
  /** Category label (一级分类) → department id. */
  categories: z.record(z.string().min(1), z.string().min(1)),
  rules: z.array(
    z.strictObject({
      id: z.string().min(1),
      description: z.string().optional(),
      /** Every group must match; a group matches when any keyword occurs. */
      match: z.array(keywordGroup).min(1),
      department: z.string().min(1),
    }),
  ),
  review: z.strictObject({
    department: z.string().min(1),
    /** Model probability below which an appeal without a keyword rule
     *  goes to the review desk. */
    minConfidence: z.number().min(0).max(1),
  }),
});

/** A department catalogue: departments, category defaults, keyword rules. */
export type DepartmentCatalogue = z.infer<typeof catalogueSchema>;

/** Path of the catalogue shipped with the product. */
export const defaultCataloguePath = fileURLToPath(
  new URL('./departments.default.json', import.meta.url),
);

/**
 * Loads a department catalogue from a JSON file: the user's file when a
 * path is given (it replaces the shipped catalogue as a whole, it is not
 * merged), else the shipped one.
 * @throws InputFileError when the file cannot be read.
 * @throws ConfigFormatError naming the file and field when it is invalid.
 */
export function loadDepartmentCatalogue(
  path: string = defaultCataloguePath,
): DepartmentCatalogue {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputFileError({
      file: path,
      message:
        `Department catalogue ${path} could not be read: ` +
        `${(error as Error).message}. Check the path.`,
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigFormatError({
      file: path,
      field: '(file)',
      message:
        `Department catalogue ${path} is not valid JSON: ` +
        `${(error as Error).message}.`,
      cause: error,
    });
  }
  return parseDepartmentCatalogue(value, path);
}

/**
 * Validates a parsed catalogue, including that every category, rule and
 * the review desk name a department that exists and that rule ids are
 * unique. `file` only labels error messages.
 * @throws ConfigFormatError naming the file and the first invalid field.
 */
export function parseDepartmentCatalogue(
  value: unknown,
  file: string,
): DepartmentCatalogue {
  const result = catalogueSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = formatPath(issue?.path ?? []);
    throw new ConfigFormatError({
      file,
      field,
      message:
        `Department catalogue ${file} is invalid at ${field}: ` +
        `${issue?.message ?? 'unknown problem'}. Fix that field; the ` +
        `shipped ${defaultCataloguePath} shows the expected shape.`,
    });
  }
  const catalogue = result.data;
  const known = (id: string): boolean =>
    Object.hasOwn(catalogue.departments, id);
  const unknownReference = (field: string, id: string): ConfigFormatError =>
    new ConfigFormatError({
      file,
      field,
      message:
        `Department catalogue ${file} is invalid at ${field}: department ` +
        `"${id}" is not defined under departments. Add it there or use ` +
        `one of: ${Object.keys(catalogue.departments).join(', ')}.`,
    });
  for (const [category, id] of Object.entries(catalogue.categories)) {
    if (!known(id)) throw unknownReference(`categories.${category}`, id);
  }
  const ids = new Set<string>();
  catalogue.rules.forEach((rule, index) => {
    if (!known(rule.department)) {
      throw unknownReference(`rules[${index}].department`, rule.department);
    }
    if (ids.has(rule.id)) {
      throw new ConfigFormatError({
        file,
        field: `rules[${index}].id`,
        message:
          `Department catalogue ${file} is invalid at rules[${index}].id: ` +
          `rule id "${rule.id}" is used twice. Give each rule its own id.`,
      });
    }
    ids.add(rule.id);
  });
  if (!known(catalogue.review.department)) {
    throw unknownReference('review.department', catalogue.review.department);
  }
  return catalogue;
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += (text === '' ? '' : '.') + String(part);
  }
  return text === '' ? '(root)' : text;
}
