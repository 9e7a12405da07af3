/**
 * Work-order statuses the list can filter on, in workflow order.
 * NOTE: taken from the statuses the work-order events use; the server
 * may store others, which the app then shows as they are.
 */
export const orderStatuses = [
  'new',
  'dispatched',
  'redispatched',
  'replied',
  'closed',
  'reopened',
] as const;
