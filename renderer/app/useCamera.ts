import { useCallback, useEffect, useRef, useState } from 'react';
import { useBridge } from './bridgeContext.js';
import { cameraProblem, fitWithin, type CameraProblem } from './cameraProblem.js';

export type CameraStatus =
  { state: 'starting' } | { state: 'live' } | ({ state: 'problem' } & CameraProblem);

export interface CameraDevice {
  deviceId: string;
  label: string;
}

export interface Camera {
  status: CameraStatus;
  /** Every camera, once one is open (browsers name them only then); choose one by its id. */
  devices: CameraDevice[];
  deviceId: string | undefined;
  choose(deviceId: string): void;
  /** Give it to the <video> that shows the preview. */
  videoRef(video: HTMLVideoElement | null): void;
  /** The current frame as a JPEG (base64, no data: prefix), or undefined before the first. */
  capture(maxSide: number, quality?: number): string | undefined;
}

/**
 * The camera while the component using it is mounted: video only, never audio. The desktop app
 * lets the page reach the camera only right after it said the user asked (shell.requestCamera),
 * so every opening asks main first. Closing the component stops the camera.
 */
export function useCamera(): Camera {
  const bridge = useBridge();
  const [status, setStatus] = useState<CameraStatus>({ state: 'starting' });
  const [devices, setDevices] = useState<CameraDevice[]>([]);
  const [deviceId, setDeviceId] = useState<string | undefined>();
  const [stream, setStream] = useState<MediaStream | undefined>();
  const video = useRef<HTMLVideoElement | null>(null);
  const canvas = useRef<HTMLCanvasElement | null>(null);

  useEffect(() => {
    let stopped = false;
    let opened: MediaStream | undefined;
    setStatus({ state: 'starting' });
    void (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia)
          throw Object.assign(new Error('no camera support'), { name: 'NotFoundError' });
        await bridge.call('shell.requestCamera', {});
        // The desktop lets one request through per ask: an opening already replaced (another
        // camera chosen) must not spend it.
        if (stopped) return;
        opened = await navigator.mediaDevices.getUserMedia({
          audio: false,
          video: {
            width: { ideal: 640 },
            height: { ideal: 480 },
            ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
          },
        });
        if (stopped) return stopTracks(opened);
        setStream(opened);
        setDevices(await videoInputs());
        setStatus({ state: 'live' });
      } catch (error) {
        if (!stopped) setStatus({ state: 'problem', ...cameraProblem(error) });
      }
    })();
    return () => {
      stopped = true;
      if (opened) stopTracks(opened);
      setStream(undefined);
    };
  }, [bridge, deviceId]);

  useEffect(() => {
    if (video.current) video.current.srcObject = stream ?? null;
  }, [stream]);

  const videoRef = useCallback(
    (element: HTMLVideoElement | null) => {
      video.current = element;
      if (element) element.srcObject = stream ?? null;
    },
    [stream],
  );

  const capture = useCallback((maxSide: number, quality = 0.9) => {
    const source = video.current;
    if (!source || source.videoWidth === 0 || source.readyState < 2) return undefined;
    const size = fitWithin(source.videoWidth, source.videoHeight, maxSide);
    const target = (canvas.current ??= document.createElement('canvas'));
    target.width = size.width;
    target.height = size.height;
    target.getContext('2d')?.drawImage(source, 0, 0, size.width, size.height);
    return target.toDataURL('image/jpeg', quality).split(',')[1];
  }, []);

  const current = stream?.getVideoTracks()[0]?.getSettings().deviceId ?? deviceId;
  return { status, devices, deviceId: current, choose: setDeviceId, videoRef, capture };
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

async function videoInputs(): Promise<CameraDevice[]> {
  const all = await navigator.mediaDevices.enumerateDevices();
  return all
    .filter((d) => d.kind === 'videoinput' && d.deviceId)
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` }));
}
