import { render } from 'preact';
import { ConsentPage } from './ConsentPage.js';
import './consent.css';

const id = new URLSearchParams(location.search).get('id') ?? '';
const app = document.getElementById('app');
if (app) render(<ConsentPage requestId={id} />, app);
