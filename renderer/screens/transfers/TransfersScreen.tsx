import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TransferView } from '../../../shared/api/branch-api';
import { parseTransferCode } from '../../../shared/scan/transfer-code';
import { useBranch, useBranchQuery } from '../../app/branch-data';
import { useErrorText, useFormat } from '../../app/format';
import { useWedgeScanner } from '../../scan/use-wedge-scanner';
import { NewTransferForm } from './NewTransferForm';
import { ReceiveForm } from './ReceiveForm';
import { TransferStatusBadge } from './TransferBadges';
import { TransferDetail } from './TransferDetail';

type View =
  | { kind: 'list' }
  | { kind: 'detail'; id: string }
  | { kind: 'new' }
  /** a delivery note whose transfer this till has not pulled yet: the goods are here, record them anyway */
  | { kind: 'receiveUnknown'; transferId: string };

const POLL_MS = 5000;

/**
 * Transfers from and to this store (Manager > Transfers): incoming and outgoing with their status, a box (and the
 * wedge scanner) that opens a transfer from the code on its delivery note, a new request or dispatch, and one
 * transfer's detail with the steps its status allows. Lists are asked again every few seconds: what the other
 * end did arrives with the till's background sync.
 */
export function TransfersScreen() {
  const [view, setView] = useState<View>({ kind: 'list' });
  const toList = useCallback(() => setView({ kind: 'list' }), []);
  const open = useCallback((id: string) => setView({ kind: 'detail', id }), []);

  return (
    <div data-testid="transfers-screen">
      {view.kind === 'list' && <TransferLists onOpen={open} onNew={() => setView({ kind: 'new' })} onReceiveUnknown={(transferId) => setView({ kind: 'receiveUnknown', transferId })} />}
      {view.kind === 'new' && <NewTransferForm onCreated={(t) => open(t.id)} onCancel={toList} />}
      {view.kind === 'detail' && (
        <DetailWithScan id={view.id} onBack={toList} onOpen={open} onReceiveUnknown={(transferId) => setView({ kind: 'receiveUnknown', transferId })} />
      )}
      {view.kind === 'receiveUnknown' && <ReceiveForm transfer={null} transferId={view.transferId} onDone={(t) => open(t.id)} onCancel={toList} />}
    </div>
  );
}

/**
 * Opening a transfer from a delivery note's code, typed or scanned: the code names the transfer (its check digit
 * catches a misread); a code this till has not heard of yet is offered for receiving anyway.
 */
function useOpenByCode(onOpen: (id: string) => void, onReceiveUnknown: (transferId: string) => void) {
  const { t } = useTranslation();
  const branch = useBranch();
  const errorText = useErrorText();
  const [problem, setProblem] = useState<{ text: string; unknownId: string | null } | null>(null);
  const openCode = useCallback(
    async (raw: string) => {
      const code = raw.trim();
      const id = parseTransferCode(code);
      if (id === null) {
        setProblem({ text: t('transfers.scan.notANote', { code }), unknownId: null });
        return;
      }
      const r = await branch.read('transfer.get', { code });
      if (r.ok) {
        setProblem(null);
        onOpen(r.value.id);
        return;
      }
      setProblem({ text: r.error.code === 'NOT_FOUND' ? t('transfers.scan.unknown', { code }) : errorText(r.error), unknownId: r.error.code === 'NOT_FOUND' ? id : null });
    },
    [branch, errorText, onOpen, t],
  );
  const notice =
    problem === null ? null : (
      <div className="notice bad" role="alert" data-testid="transfers-scan-error">
        <div>{problem.text}</div>
        {problem.unknownId !== null && (
          <div className="actions">
            <button type="button" className="primary" onClick={() => onReceiveUnknown(problem.unknownId!)} data-testid="transfers-receive-unknown">
              {t('transfers.scan.receiveAnyway')}
            </button>
          </div>
        )}
      </div>
    );
  return { openCode, notice };
}

function DetailWithScan(props: { id: string; onBack: () => void; onOpen: (id: string) => void; onReceiveUnknown: (id: string) => void }) {
  const { openCode, notice } = useOpenByCode(props.onOpen, props.onReceiveUnknown);
  // A delivery note scanned while a transfer is open opens that note's transfer; the receiving form has its own
  // scanner (goods) and holds this one off while it is shown.
  const [scanning, setScanning] = useState(true);
  const onFormChange = useCallback((open: boolean) => setScanning(!open), []);
  useWedgeScanner(
    (scan) => {
      if (parseTransferCode(scan.code) !== null) void openCode(scan.code);
    },
    scanning,
  );
  return (
    <>
      {notice}
      <TransferDetail transferId={props.id} onBack={props.onBack} onFormChange={onFormChange} />
    </>
  );
}

function TransferLists(props: { onOpen: (id: string) => void; onNew: () => void; onReceiveUnknown: (id: string) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [all, setAll] = useState(false);
  const [code, setCode] = useState('');
  const list = useBranchQuery('transfer.list', { open: !all }, { pollMs: POLL_MS });
  const { openCode, notice } = useOpenByCode(props.onOpen, props.onReceiveUnknown);
  useWedgeScanner((scan) => void openCode(scan.code));
  const rows = list.data ?? null;
  const incoming = rows?.filter((r) => r.direction === 'incoming') ?? [];
  const outgoing = rows?.filter((r) => r.direction === 'outgoing') ?? [];

  return (
    <section className="stack">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>{t('transfers.title')}</h2>
        <div className="row">
          <label className="row" style={{ flexDirection: 'row', gap: 6 }}>
            <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} data-testid="transfers-all" />
            {t('transfers.showAll')}
          </label>
          <button type="button" onClick={() => void list.refetch()} data-testid="transfers-refresh">
            {t('common.refresh')}
          </button>
          <button type="button" className="primary" onClick={props.onNew} data-testid="transfers-new">
            {t('transfers.new.open')}
          </button>
        </div>
      </div>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void openCode(code);
        }}
      >
        <input
          type="text"
          inputMode="numeric"
          dir="ltr"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          placeholder={t('transfers.scan.placeholder')}
          aria-label={t('transfers.scan.label')}
          style={{ flex: 1 }}
          data-testid="transfers-scan-input"
        />
        <button type="submit" disabled={code.trim() === ''} data-testid="transfers-scan-open">
          {t('transfers.scan.open')}
        </button>
      </form>
      {notice}
      {list.error !== null && (
        <div className="notice bad" role="alert" data-testid="transfers-error">
          {errorText(list.error)}
        </div>
      )}
      {rows === null && list.error === null && <div className="empty">{t('common.loading')}</div>}
      {rows !== null && (
        <>
          <TransferTable title={t('transfers.incoming')} rows={incoming} onOpen={props.onOpen} testId="transfers-incoming" />
          <TransferTable title={t('transfers.outgoing')} rows={outgoing} onOpen={props.onOpen} testId="transfers-outgoing" />
        </>
      )}
    </section>
  );
}

function TransferTable(props: { title: string; rows: TransferView[]; onOpen: (id: string) => void; testId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <div className="panel" data-testid={props.testId}>
      <h3>{props.title}</h3>
      {props.rows.length === 0 ? (
        <div className="empty">{t('transfers.none')}</div>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('transfers.label')}</th>
              <th>{t('transfers.otherEnd')}</th>
              <th>{t('transfers.statusHeader')}</th>
              <th>{t('transfers.when')}</th>
              <th className="num">{t('transfers.lines')}</th>
              <th>
                <span className="sr-only">{t('cart.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.id} data-testid="transfer-row" data-transfer-id={r.id} data-status={r.status} data-direction={r.direction} data-pending={r.pending ? 'true' : 'false'}>
                <td>
                  <bdi>{r.label}</bdi>
                </td>
                <td>{r.direction === 'incoming' ? t('transfers.fromName', { name: r.source.name }) : t('transfers.toName', { name: r.destination.name })}</td>
                <td>
                  <TransferStatusBadge transfer={r} />
                </td>
                <td>
                  <bdi>{fmt.time(r.sentAt ?? r.createdAt)}</bdi>
                </td>
                <td className="num">{fmt.int(r.lines.length)}</td>
                <td>
                  <button type="button" onClick={() => props.onOpen(r.id)} data-testid="transfer-open">
                    {t('transfers.openOne')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
