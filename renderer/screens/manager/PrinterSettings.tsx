import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PAPER_WIDTHS, printerSettings, type PaperWidth, type PrinterSettings as Settings } from '../../../shared/api/printer-api';
import { useBranchMutation, useBranchQuery } from '../../app/branch-data';
import { useErrorText } from '../../app/format';

type Kind = Settings['connection']['kind'];
const KINDS: readonly Kind[] = ['none', 'network', 'device'];

/**
 * The till's receipt printer, set by a manager: where it is (a printer on the shop's network, by its address and
 * raw port, or a device the computer writes to), its paper, whether the receipt prints by itself when a sale
 * completes, and whether a cash drawer hangs on it (it opens when a sale takes cash).
 */
export function PrinterSettings() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const current = useBranchQuery('printer.settings', {}).data;
  const save = useBranchMutation('printer.setSettings');
  const [kind, setKind] = useState<Kind>('none');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('9100');
  const [path, setPath] = useState('');
  const [paper, setPaper] = useState<PaperWidth>('80mm');
  const [autoPrint, setAutoPrint] = useState(true);
  const [cashDrawer, setCashDrawer] = useState(true);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // the form says what is missing once someone has typed in it, not the moment "Network printer" is picked
  const touched = host !== '' || path !== '' || port !== '9100';

  // the form starts from what is saved, once it is read
  useEffect(() => {
    if (current === undefined) return;
    setKind(current.connection.kind);
    if (current.connection.kind === 'network') {
      setHost(current.connection.host);
      setPort(String(current.connection.port));
    }
    if (current.connection.kind === 'device') setPath(current.connection.path);
    setPaper(current.paper);
    setAutoPrint(current.autoPrint);
    setCashDrawer(current.cashDrawer);
  }, [current]);

  const connection = kind === 'network' ? { kind, host: host.trim(), port: Number(port) } : kind === 'device' ? { kind, path: path.trim() } : { kind };
  const candidate = printerSettings.safeParse({ connection, paper, autoPrint, cashDrawer });
  return (
    <fieldset className="stack" data-testid="settings-printer" data-kind={current?.connection.kind}>
      <legend>{t('printer.title')}</legend>
      <p className="muted">{t('printer.hint')}</p>
      <div className="row">
        {KINDS.map((k) => (
          <label key={k}>
            <input type="radio" name="printer-kind" checked={kind === k} onChange={() => setKind(k)} data-testid={`printer-kind-${k}`} />
            {k === 'none' ? t('printer.kindNone') : k === 'network' ? t('printer.kindNetwork') : t('printer.kindDevice')}
          </label>
        ))}
      </div>
      {kind === 'network' && (
        <div className="row">
          <label>
            {t('printer.host')}
            <input type="text" dir="ltr" value={host} onChange={(e) => setHost(e.target.value)} placeholder="192.168.1.50" data-testid="printer-host" />
          </label>
          <label>
            {t('printer.port')}
            <input type="text" inputMode="numeric" dir="ltr" value={port} onChange={(e) => setPort(e.target.value)} style={{ width: 90 }} data-testid="printer-port" />
          </label>
        </div>
      )}
      {kind === 'device' && (
        <label>
          {t('printer.path')}
          <input type="text" dir="ltr" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/dev/usb/lp0" data-testid="printer-path" />
        </label>
      )}
      {kind !== 'none' && (
        <>
          <div className="row">
            {PAPER_WIDTHS.map((p) => (
              <label key={p}>
                <input type="radio" name="printer-paper" checked={paper === p} onChange={() => setPaper(p)} data-testid={`printer-paper-${p}`} />
                {p === '80mm' ? t('printer.paper80') : t('printer.paper58')}
              </label>
            ))}
          </div>
          <label>
            <input type="checkbox" checked={autoPrint} onChange={(e) => setAutoPrint(e.target.checked)} data-testid="printer-auto" />
            {t('printer.autoPrint')}
          </label>
          <label>
            <input type="checkbox" checked={cashDrawer} onChange={(e) => setCashDrawer(e.target.checked)} data-testid="printer-drawer" />
            {t('printer.cashDrawer')}
          </label>
        </>
      )}
      {!candidate.success && touched && <div className="notice bad">{t('printer.incomplete')}</div>}
      <div className="actions">
        <button
          type="button"
          disabled={!candidate.success || save.busy}
          onClick={async () => {
            if (!candidate.success) return;
            const r = await save.run(candidate.data);
            setMessage(r.ok ? { ok: true, text: candidate.data.connection.kind === 'none' ? t('printer.savedNone') : t('printer.saved') } : { ok: false, text: errorText(r.error) });
          }}
          data-testid="printer-save"
        >
          {t('common.save')}
        </button>
      </div>
      {message !== null && (
        <div className={`notice ${message.ok ? 'ok' : 'bad'}`} role={message.ok ? 'status' : 'alert'} data-testid={message.ok ? 'printer-saved' : 'printer-error'}>
          {message.text}
        </div>
      )}
    </fieldset>
  );
}
