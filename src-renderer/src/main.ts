import { createApp } from 'vue';
import App from './App.vue';
import { createLabRouter } from './router';
import './styles.css';
import { labContextKey } from './transport/labContext';
import { pickTransport } from './transport/pickTransport';

const transport = pickTransport();
createApp(App).provide(labContextKey, transport).use(createLabRouter()).mount('#app');
