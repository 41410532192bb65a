import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { initI18n, pickLanguage } from './i18n/i18n';
import { App } from './app/App';
import { PrintReceiptPage } from './print/PrintReceiptPage';
import { parseReceiptPrintHash } from '../shared/api/receipt-print-route';

await initI18n(pickLanguage(navigator.language));

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
// The same page draws a receipt alone for the receipt printer (electron/shell/receipt-raster.ts).
const printRoute = parseReceiptPrintHash(location.hash);
createRoot(root).render(<StrictMode>{printRoute === null ? <App /> : <PrintReceiptPage route={printRoute} />}</StrictMode>);
