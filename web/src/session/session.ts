import { ref } from 'vue';
import { ApiError } from '../api/client.ts';
import { fetchCurrentUser, login, logout } from '../api/endpoints.ts';
import type { OrderAction } from '../api/order-status.ts';
import type { Role, User } from '../api/types.ts';

/** The logged-in user, or null before login and after logout. */
export const currentUser = ref<User | null>(null);

/** Set once the first `GET /api/auth/me` has returned. */
export const sessionChecked = ref(false);

/** Why the session could not be checked, e.g. the server is down. */
export const sessionError = ref('');

/**
 * Loads the user of the session cookie; null when not logged in or when
 * the server could not be reached, which `sessionError` then explains.
 */
export async function loadSession(): Promise<User | null> {
  sessionError.value = '';
  try {
    const { user } = await fetchCurrentUser();
    currentUser.value = user;
  } catch (error) {
    currentUser.value = null;
    if (!(error instanceof ApiError && error.status === 401)) {
      sessionError.value =
        error instanceof Error ? error.message : String(error);
    }
  } finally {
    sessionChecked.value = true;
  }
  return currentUser.value;
}

export async function logIn(username: string, password: string) {
  const { user } = await login(username, password);
  currentUser.value = user;
  return user;
}

export async function logOut(): Promise<void> {
  try {
    await logout();
  } finally {
    currentUser.value = null;
  }
}

/** Pages each role may open; the server enforces the same per request. */
export const pagesByRole: Record<Role, string[]> = {
  admin: ['intake', 'orders', 'dashboard', 'review', 'expert-review'],
  agent: ['intake', 'orders', 'review', 'dashboard', 'expert-review'],
  analyst: ['orders', 'dashboard'],
  department: ['orders'],
};

export function canOpen(page: string, user: User | null): boolean {
  if (user === null) return false;
  return pagesByRole[user.role].includes(page);
}

/** Work-order actions per role, as the server's permissions grant them. */
const actionsByRole: Record<Role, OrderAction[]> = {
  admin: ['dispatch', 'redispatch', 'reply', 'close', 'reopen'],
  agent: ['dispatch', 'redispatch', 'close', 'reopen'],
  analyst: [],
  department: ['reply'],
};

export function allowedActions(user: User | null): OrderAction[] {
  return user === null ? [] : actionsByRole[user.role];
}

/** First page a role sees after login. */
export function homePage(user: User): string {
  return pagesByRole[user.role][0] ?? 'orders';
}
