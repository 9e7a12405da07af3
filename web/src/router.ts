import {
  createRouter,
  createWebHistory,
  type RouteRecordRaw,
} from 'vue-router';
import {
  canOpen,
  currentUser,
  homePage,
  loadSession,
  sessionChecked,
} from './session/session.ts';

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./pages/LoginPage.vue'),
    meta: { public: true },
  },
  {
    path: '/intake',
    name: 'intake',
    component: () => import('./pages/IntakePage.vue'),
  },
  {
    path: '/orders',
    name: 'orders',
    component: () => import('./pages/OrdersPage.vue'),
  },
  {
    path: '/orders/:id(\\d+)',
    name: 'order',
    component: () => import('./pages/OrderDetailPage.vue'),
    props: (route) => ({ id: Number(route.params['id']) }),
    meta: { page: 'orders' },
  },
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('./pages/DashboardPage.vue'),
  },
  {
    path: '/review',
    name: 'review',
    component: () => import('./pages/ReviewPage.vue'),
  },
  {
    path: '/expert-review',
    name: 'expert-review',
    component: () => import('./pages/ExpertReviewPage.vue'),
  },
  { path: '/', name: 'home', redirect: () => ({ name: 'login' }) },
  {
    path: '/:path(.*)*',
    name: 'not-found',
    component: () => import('./pages/NotFoundPage.vue'),
    meta: { public: true },
  },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  if (!sessionChecked.value) await loadSession();
  const user = currentUser.value;
  if (to.meta['public'] === true) {
    if (to.name === 'login' && user !== null) {
      return { name: homePage(user) };
    }
    return true;
  }
  if (user === null) {
    return { name: 'login', query: { next: to.fullPath } };
  }
  const page = (to.meta['page'] as string | undefined) ?? String(to.name);
  if (!canOpen(page, user)) return { name: homePage(user) };
  return true;
});
