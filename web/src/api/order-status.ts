/** Work-order statuses, in workflow order, as the server stores them. */
export const orderStatuses = ['new', 'dispatched', 'replied', 'closed'] as const;

export type OrderStatus = (typeof orderStatuses)[number];

/** Statuses each work-order action may start from; the server checks too. */
export const actionSources = {
  dispatch: ['new'],
  redispatch: ['dispatched', 'replied'],
  reply: ['dispatched'],
  close: ['new', 'replied'],
  reopen: ['closed'],
} as const satisfies Record<string, readonly OrderStatus[]>;

export type OrderAction = keyof typeof actionSources;

/** Tells whether `action` applies to an order in `status`. */
export function actionApplies(action: OrderAction, status: string): boolean {
  return (actionSources[action] as readonly string[]).includes(status);
}
