import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { initI18n, pickLanguage } from './i18n/i18n';
import { App } from './app/App';
import { PrintPage } from './print/PrintPage';
import { parsePrintHash } from '../shared/api/print-route';

await initI18n(pickLanguage(navigator.language));

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
// The same page draws a receipt or a Z report alone for the receipt printer (electron/shell/receipt-raster.ts).
const printRoute = parsePrintHash(location.hash);
createRoot(root).render(<StrictMode>{printRoute === null ? <App /> : <PrintPage route={printRoute} />}</StrictMode>);
