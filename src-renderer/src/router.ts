import { createRouter, createWebHashHistory, type Router } from 'vue-router';

const runIdProp = (route: { params: Record<string, unknown> }): { runId: number } => ({
  runId: Number(route.params.runId),
});

/** Hash history: the same URLs work from file:// in Electron and from the browser-mode server. */
export function createLabRouter(): Router {
  return createRouter({
    history: createWebHashHistory(),
    routes: [
      { path: '/', name: 'runs', component: () => import('./views/RunsView.vue') },
      { path: '/projects', name: 'projects', component: () => import('./views/ProjectsView.vue') },
      { path: '/runs/new', name: 'new-run', component: () => import('./views/NewRunView.vue') },
      {
        path: '/sweeps/new',
        name: 'new-sweep',
        component: () => import('./views/NewRunView.vue'),
        props: { mode: 'sweep' },
      },
      {
        path: '/runs/:runId(\\d+)',
        name: 'live-run',
        component: () => import('./views/LiveRunView.vue'),
        props: runIdProp,
      },
      {
        path: '/runs/:runId(\\d+)/examples',
        name: 'examples',
        component: () => import('./views/ExamplesView.vue'),
        props: runIdProp,
      },
      { path: '/compare', name: 'compare', component: () => import('./views/CompareView.vue') },
      { path: '/:unknown(.*)*', redirect: '/' },
    ],
  });
}
