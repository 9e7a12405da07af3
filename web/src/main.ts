import { createApp } from 'vue';
import App from './App.vue';
import { setUnauthorizedHandler } from './api/client.ts';
import { locale } from './i18n/index.ts';
import { router } from './router.ts';
import { currentUser } from './session/session.ts';
import './styles.css';

document.documentElement.lang = locale.value;

// A request answered 401 means the session expired or was logged out
// elsewhere: drop the user and go back to the login page.
setUnauthorizedHandler(() => {
  if (currentUser.value === null) return;
  currentUser.value = null;
  const next = router.currentRoute.value.fullPath;
  void router.push({ name: 'login', query: { next } });
});

createApp(App).use(router).mount('#app');
