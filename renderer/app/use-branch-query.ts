import { useCallback, useEffect, useState } from 'react';
import type { BranchInput, BranchMethod, BranchOutput } from '../../shared/api/branch-api';
import { useApi } from './api-context';
import { useErrorText } from './format';

export interface BranchQuery<M extends BranchMethod> {
  /** the answer, or null while the first load is under way */
  value: BranchOutput<M> | null;
  /** the last load's error, in words */
  error: string | null;
  /** loads again (a refresh button) */
  reload: () => void;
  /** replaces the answer locally, e.g. with a row the manager just changed */
  setValue: (update: (value: BranchOutput<M> | null) => BranchOutput<M> | null) => void;
}

/**
 * Loads a screen's data from one branch API method, again whenever the input changes or `reload()` is called,
 * and drops an answer that arrives after the screen moved on (an older filter, an unmounted tab).
 */
export function useBranchQuery<M extends BranchMethod>(method: M, input: BranchInput<M>): BranchQuery<M> {
  const client = useApi();
  const errorText = useErrorText();
  const [value, setValue] = useState<BranchOutput<M> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  // The input's JSON is its identity: callers pass a fresh object literal on every render.
  const inputJson = JSON.stringify(input);

  useEffect(() => {
    let live = true;
    void client.call(method, JSON.parse(inputJson) as BranchInput<M>).then((r) => {
      if (!live) return;
      if (r.ok) {
        setValue(r.value);
        setError(null);
      } else setError(errorText(r.error));
    });
    return () => {
      live = false;
    };
  }, [client, errorText, method, inputJson, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { value, error, reload, setValue };
}
