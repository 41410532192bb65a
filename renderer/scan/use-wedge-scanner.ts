import { useEffect, useRef } from 'react';
import {
  DEFAULT_WEDGE_CONFIG,
  INITIAL_WEDGE_STATE,
  wedgeDeadline,
  wedgeStep,
  wedgeTimeout,
  type WedgeConfig,
  type WedgeState,
} from '../../shared/scan/wedge-detector';

/**
 * Listens to the whole window (capture phase, before any input sees the key) and hands completed scans to
 * `onScan`. While a burst might still be a scan, keys aimed at a text field are held back; if the burst turns
 * out to be a person typing, they are typed into that field after a few tens of milliseconds. So a scan made
 * while the search box has focus leaves no digits in it, and typing in it loses nothing.
 */

type TextField = HTMLInputElement | HTMLTextAreaElement;

function textFieldOf(el: Element | null): TextField | null {
  if (el instanceof HTMLTextAreaElement) return el.readOnly || el.disabled ? null : el;
  if (el instanceof HTMLInputElement) {
    const typed = ['text', 'search', 'tel', 'password', 'email', 'url', 'number', ''].includes(el.type);
    return typed && !el.readOnly && !el.disabled ? el : null;
  }
  return null;
}

/** Types text into a field the way the keyboard would, so React's onChange sees it. */
export function typeInto(field: TextField, text: string): void {
  if (text === '' || !field.isConnected) return;
  if (field.ownerDocument.activeElement === field) {
    // insertText keeps the caret, the selection and the undo history like real typing.
    if (field.ownerDocument.execCommand?.('insertText', false, text)) return;
  }
  const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const setValue = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  setValue?.call(field, field.value + text);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

export interface WedgeScanEvent {
  code: string;
  /** KeyboardEvent.timeStamp of the terminator */
  at: number;
}

export function useWedgeScanner(onScan: (scan: WedgeScanEvent) => void, enabled = true, cfg: WedgeConfig = DEFAULT_WEDGE_CONFIG): void {
  const onScanRef = useRef(onScan);
  useEffect(() => {
    onScanRef.current = onScan;
  }, [onScan]);

  useEffect(() => {
    if (!enabled) return;
    let state: WedgeState = INITIAL_WEDGE_STATE;
    let heldFor: TextField | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const release = (text: string) => {
      if (heldFor !== null) typeInto(heldFor, text);
      heldFor = null;
    };
    const arm = () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const deadline = wedgeDeadline(state, cfg);
      if (deadline === null) return;
      timer = setTimeout(() => {
        const v = wedgeTimeout(state, performance.now(), cfg);
        state = v.state;
        if (v.released !== '') release(v.released);
        arm();
      }, Math.max(0, deadline - performance.now()));
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.isComposing || e.repeat) return;
      const v = wedgeStep(
        state,
        { key: e.key, timeStamp: e.timeStamp, handledAt: performance.now(), ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey },
        cfg,
      );
      state = v.state;
      if (v.released !== '') release(v.released);
      if (v.held) {
        const field = textFieldOf(document.activeElement);
        if (field !== null) {
          e.preventDefault();
          heldFor = field;
        }
      }
      if (v.scan !== null) {
        // The terminator must not press a focused button or move the focus.
        e.preventDefault();
        e.stopPropagation();
        heldFor = null;
        performance.mark(`scan:${v.scan}`);
        onScanRef.current({ code: v.scan, at: e.timeStamp });
      }
      arm();
    };

    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      if (timer !== undefined) clearTimeout(timer);
      // Whatever was held when the screen closed is typing that belongs to its field.
      if (state.buffer !== '') release(state.buffer);
    };
  }, [enabled, cfg]);
}
