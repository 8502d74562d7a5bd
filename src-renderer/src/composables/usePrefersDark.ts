import { onScopeDispose, ref, type Ref } from 'vue';

/** True while the OS prefers a dark theme; follows changes live. */
export function usePrefersDark(): Ref<boolean> {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const dark = ref(query.matches);
  const update = (event: MediaQueryListEvent): void => {
    dark.value = event.matches;
  };
  query.addEventListener('change', update);
  onScopeDispose(() => query.removeEventListener('change', update));
  return dark;
}
