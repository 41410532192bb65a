import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEscape } from './use-escape';

type CameraState = 'starting' | 'running' | 'no-camera' | 'denied' | 'failed';

const FRAME_INTERVAL_MS = 120;

/**
 * The camera preview. Frames are grabbed from the video at the camera's full size and handed to the decoder
 * module (loaded only when the camera opens), where zxing and quagga must both read the same code; a code
 * reaches `onCode` only once the read consensus accepted it.
 */
export function CameraScanner(props: { onCode: (code: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [state, setState] = useState<CameraState>(() =>
    typeof navigator.mediaDevices?.getUserMedia === 'function' ? 'starting' : 'no-camera',
  );
  useEscape(props.onClose);
  const onCodeRef = useRef(props.onCode);
  useEffect(() => {
    onCodeRef.current = props.onCode;
  }, [props.onCode]);

  useEffect(() => {
    if (typeof navigator.mediaDevices?.getUserMedia !== 'function') return;
    let stream: MediaStream | null = null;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const run = async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
      } catch (e) {
        const name = e instanceof DOMException ? e.name : '';
        setState(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : name === 'NotFoundError' || name === 'OverconstrainedError' ? 'no-camera' : 'failed');
        return;
      }
      if (stopped) {
        stream.getTracks().forEach((track) => track.stop());
        return;
      }
      const video = videoRef.current;
      if (video === null) return;
      video.srcObject = stream;
      await video.play().catch(() => undefined);
      setState('running');
      const { grabFrame, newCameraSession } = await import('../scan/camera-decoder');
      const session = newCameraSession();
      const canvas = document.createElement('canvas');
      const grab = async () => {
        if (stopped) return;
        const frame = grabFrame(video, canvas);
        if (frame !== null) {
          const accepted = await session.frame(frame, performance.now());
          if (accepted !== null && !stopped) {
            performance.mark(`scan:${accepted}`);
            onCodeRef.current(accepted);
          }
        }
        timer = setTimeout(() => void grab(), FRAME_INTERVAL_MS);
      };
      void grab();
    };
    void run();
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label={t('camera.title')}>
      <div className="dialog wide stack camera" data-testid="camera-dialog" data-state={state}>
        <h2>{t('camera.title')}</h2>
        {state === 'no-camera' && <div className="notice warn" data-testid="camera-message">{t('camera.none')}</div>}
        {state === 'denied' && <div className="notice warn" data-testid="camera-message">{t('camera.denied')}</div>}
        {state === 'failed' && <div className="notice bad" data-testid="camera-message">{t('camera.failed')}</div>}
        {(state === 'starting' || state === 'running') && (
          <>
            <video ref={videoRef} muted playsInline aria-label={t('camera.preview')} />
            <p className="muted">{state === 'starting' ? t('camera.starting') : t('camera.hint')}</p>
          </>
        )}
        <button type="button" className="big" onClick={props.onClose} autoFocus data-testid="camera-close">
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}
