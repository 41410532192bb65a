import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { BranchInput } from '../../../shared/api/branch-api';
import { useBranchMutation } from '../../app/branch-data';
import { useErrorText } from '../../app/format';
import { ManagerApprovalDialog } from '../../components/ManagerApproval';

export interface VoidApproval {
  /**
   * Voids these lines (all of the basket with `whole`): recorded by the backend with a manager's approval
   * (cart.void), asked for on the spot when the session has none; `then` takes them off the screen once recorded.
   */
  request(req: { saleId: string; lines: Array<{ productId: string; qty: number }>; whole: boolean; summary: string }, then: () => void): Promise<void>;
  /** the manager's PIN pad while one is asked for */
  dialog: ReactNode;
}

/** A void at the checkout (issue 11): a manager approves taking a scanned line out, or throwing a basket away. */
export function useVoidApproval(opts: { onError: (text: string) => void; onDialog?: ((open: boolean) => void) | undefined }): VoidApproval {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const record = useBranchMutation('cart.void');
  const [asking, setAsking] = useState<{ input: BranchInput<'cart.void'>; summary: string; then: () => void } | null>(null);
  const close = () => {
    setAsking(null);
    opts.onDialog?.(false);
  };
  const request: VoidApproval['request'] = async (req, then) => {
    if (req.lines.length === 0) return then();
    const input = { voidId: uuidv7(), saleId: req.saleId, lines: req.lines, whole: req.whole };
    const r = await record.run(input);
    if (r.ok) return then();
    if (r.error.code === 'FORBIDDEN') {
      setAsking({ input, summary: req.summary, then });
      opts.onDialog?.(true);
    } else opts.onError(errorText(r.error));
  };
  const dialog =
    asking === null ? null : (
      <ManagerApprovalDialog
        testId="void-approval"
        reason={t('void.approval', { summary: asking.summary })}
        onCancel={close}
        onApproved={async () => {
          const pending = asking;
          close();
          // the same void again, now with the manager's approval (a retry of the same id if it had been recorded)
          const r = await record.run(pending.input);
          if (r.ok) pending.then();
          else opts.onError(errorText(r.error));
        }}
      />
    );
  return { request, dialog };
}
