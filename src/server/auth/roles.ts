import { ForbiddenError } from '../../errors/index.ts';

/** Roles a user or API token can have. */
export const roles = ['admin', 'agent', 'analyst', 'department'] as const;

/** One of `roles`. */
export type Role = (typeof roles)[number];

/** Actions the API checks before it does anything. */
export type Permission =
  | 'appeal:create'
  | 'appeal:read'
  | 'appeal:correct'
  | 'order:dispatch'
  | 'order:reply'
  | 'review'
  | 'stats:read'
  | 'alert:ack'
  | 'admin';

/**
 * What each role may do. A department may read and reply, and only on
 * orders dispatched to it; that row filter is applied by the queries.
 */
const grants: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set<Permission>([
    'appeal:create',
    'appeal:read',
    'appeal:correct',
    'order:dispatch',
    'order:reply',
    'review',
    'stats:read',
    'alert:ack',
    'admin',
  ]),
  agent: new Set<Permission>([
    'appeal:create',
    'appeal:read',
    'appeal:correct',
    'order:dispatch',
    'review',
    'stats:read',
    'alert:ack',
  ]),
  analyst: new Set<Permission>(['appeal:read', 'stats:read']),
  department: new Set<Permission>(['appeal:read', 'order:reply']),
};

/** Who makes a request: a signed-in user or an API token. */
export interface Actor {
  kind: 'user' | 'token';
  id: number;
  /** Username, or `token:NAME` for an API token; stored as the actor. */
  name: string;
  role: Role;
  /** Department of a department account; null for other roles. */
  department: string | null;
}

/** Checks a role grants a permission. */
export function isAllowed(role: Role, permission: Permission): boolean {
  return grants[role].has(permission);
}

/**
 * Throws unless the actor's role grants the permission.
 *
 * @throws ForbiddenError naming the role and the action.
 */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (isAllowed(actor.role, permission)) return;
  throw new ForbiddenError({
    role: actor.role,
    action: permission,
    message:
      `the role "${actor.role}" may not perform "${permission}". ` +
      'Ask an admin for an account with a role that allows it.',
  });
}

/** Narrows a string to a role. */
export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
