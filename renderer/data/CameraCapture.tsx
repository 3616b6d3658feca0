import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Typography,
} from '@mui/material';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useBridge } from '../app/bridgeContext.js';
import { CameraView } from '../app/CameraView.js';
import { STRINGS } from '../app/strings.js';
import { useCamera } from '../app/useCamera.js';
import { FrameSender, type SenderState } from './frameSender.js';

const S = STRINGS.camera;
/** Frames a second while the record button is held: a few, so a burst shows varied poses. */
const BURST_PER_SECOND = 5;
/** Longest side of a saved frame: larger than any base's input, small enough to send quickly. */
const FRAME_SIDE = 640;

interface Props {
  dataset: string;
  className: string;
  /** Frames were saved: the dataset is rescanned so the counts follow. */
  onSaved(): void;
  onClose(): void;
}

/**
 * The camera on a class card: a live preview, a single shot, or a burst while the record button
 * is held. Frames are JPEGs made here and saved by the engine into the class folder, in small
 * batches, one message at a time.
 */
export function CameraCapture({ dataset, className, onSaved, onClose }: Props) {
  const bridge = useBridge();
  const camera = useCamera();
  const [recording, setRecording] = useState(false);
  const [sent, setSent] = useState<SenderState>({
    saved: 0,
    waiting: 0,
    sending: false,
    error: undefined,
  });
  const saved = useRef(onSaved);
  saved.current = onSaved;
  const sender = useMemo(
    () =>
      new FrameSender(async (frames) => {
        const { added } = await bridge.call('dataset.addFrames', {
          dataset,
          className,
          frames: frames.map((base64) => ({ base64 })),
        });
        return added.length;
      }, setSent),
    [bridge, dataset, className],
  );
  const [taken, setTaken] = useState(0);
  const take = () => {
    const frame = camera.capture(FRAME_SIDE);
    if (!frame) return;
    sender.push(frame);
    setTaken((n) => n + 1);
  };
  const takeRef = useRef(take);
  takeRef.current = take;

  useEffect(() => {
    if (!recording) return;
    takeRef.current();
    const timer = setInterval(() => takeRef.current(), 1000 / BURST_PER_SECOND);
    return () => clearInterval(timer);
  }, [recording]);

  // Each time the last waiting frame is written, the counts are brought up to date.
  const busy = sent.sending || sent.waiting > 0;
  const wasBusy = useRef(false);
  useEffect(() => {
    if (wasBusy.current && !busy && !recording) saved.current();
    wasBusy.current = busy || recording;
  }, [busy, recording]);

  const live = camera.status.state === 'live';
  const holdKey = (event: KeyboardEvent, down: boolean) => {
    if (event.key !== ' ' && event.key !== 'Enter') return;
    event.preventDefault();
    if (!event.repeat) setRecording(down);
  };
  const close = () => {
    setRecording(false);
    // Frames still on their way are saved after the dialog is gone: count them then.
    if (busy) void sender.idle().then(() => saved.current());
    onClose();
  };

  return (
    <Dialog open onClose={close} maxWidth="sm" fullWidth data-testid="camera-capture">
      <DialogTitle>{S.title(className)}</DialogTitle>
      <DialogContent>
        <CameraView camera={camera} width={520} />
        {live && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {S.holdHint}
          </Typography>
        )}
        <Box sx={{ display: 'flex', gap: 2, mt: 1 }} aria-live="polite">
          <Typography data-testid="camera-saved" data-saved={sent.saved} data-taken={taken}>
            {S.saved(sent.saved)}
          </Typography>
          {sent.waiting > 0 && (
            <Typography color="text.secondary">{S.waiting(sent.waiting)}</Typography>
          )}
        </Box>
        {sent.error && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {sent.error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={take} disabled={!live}>
          {S.shot}
        </Button>
        <Button
          variant="contained"
          color={recording ? 'error' : 'primary'}
          disabled={!live}
          data-recording={recording}
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture?.(e.pointerId);
            setRecording(true);
          }}
          onPointerUp={() => setRecording(false)}
          onPointerCancel={() => setRecording(false)}
          onLostPointerCapture={() => setRecording(false)}
          onKeyDown={(e) => holdKey(e, true)}
          onKeyUp={(e) => holdKey(e, false)}
        >
          {recording ? S.recording : S.hold}
        </Button>
        <Button onClick={close}>{S.done}</Button>
      </DialogActions>
    </Dialog>
  );
}
