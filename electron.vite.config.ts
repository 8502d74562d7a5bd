import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

// Three bundles: main (with the trainer entry as a second input so utilityProcess.fork can
// launch it), a CommonJS preload (required by sandbox: true), and the Vue renderer. Main and
// preload leave node_modules dependencies external (build.externalizeDeps, electron-vite 5).
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          trainer: resolve(__dirname, 'src-main/trainer/trainerProcess.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/preload/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    resolve: { alias: { '@renderer': resolve(__dirname, 'src-renderer/src') } },
    plugins: [vue()],
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
