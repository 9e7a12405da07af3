import { z } from '@hono/zod-openapi';
import { appealTypes } from '../../appeal/appeal.ts';
import { workOrderStatuses } from '../store/work-order-actions.ts';

/** Body of one appeal posted to the API; text is masked on arrival. */
export const appealInputSchema = z
  .object({
    title: z.string().max(500).optional(),
    body: z.string().trim().min(1).max(20_000),
    receivedAt: z.string().max(40).optional(),
    caller: z.string().max(100).optional(),
    externalId: z.string().max(100).optional(),
  })
  .openapi('AppealInput');

/** Path parameter of an appeal id. */
export const appealIdParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+)?$/, 'expected a date such as 2024-05-01');

/** Query of `GET /api/appeals`. */
export const appealListQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  category: z.string().max(100).optional(),
  department: z.string().max(200).optional(),
  division: z.string().max(100).optional(),
  status: z.enum(workOrderStatuses).optional(),
  appealType: z.enum(appealTypes).optional(),
  q: z.string().max(200).optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** Query of `GET /api/stats`. */
export const statsQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
});
