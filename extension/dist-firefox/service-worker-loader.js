import './assets/index.ts-BgS0OuBV.js';
