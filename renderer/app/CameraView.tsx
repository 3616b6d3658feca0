import { Alert, Box, CircularProgress, MenuItem, TextField, Typography } from '@mui/material';
import { STRINGS } from './strings.js';
import type { Camera, CameraStatus } from './useCamera.js';

const S = STRINGS.camera;

/** What to tell the user when the camera is not running; undefined while it is. */
export function cameraMessage(status: CameraStatus): string | undefined {
  if (status.state !== 'problem') return undefined;
  if (status.kind === 'noCamera') return S.noCamera;
  if (status.kind === 'refused') return S.refused;
  if (status.kind === 'busy') return S.busy;
  return S.failed(status.reason);
}

/** The live preview, the camera choice when there are several, and why there is no picture. */
export function CameraView({ camera, width = 480 }: { camera: Camera; width?: number }) {
  const message = cameraMessage(camera.status);
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      {camera.devices.length > 1 && (
        <TextField
          select
          size="small"
          label={S.choose}
          value={camera.deviceId ?? ''}
          onChange={(e) => camera.choose(e.target.value)}
          sx={{ maxWidth: width }}
        >
          {camera.devices.map((d) => (
            <MenuItem key={d.deviceId} value={d.deviceId}>
              {d.label}
            </MenuItem>
          ))}
        </TextField>
      )}
      {message ? (
        <Alert severity="warning" data-testid="camera-problem">
          {message}
        </Alert>
      ) : (
        <Box sx={{ position: 'relative', width, maxWidth: '100%' }}>
          <video
            ref={camera.videoRef}
            data-testid="camera-preview"
            data-state={camera.status.state}
            aria-label={S.preview}
            autoPlay
            muted
            playsInline
            style={{ width: '100%', borderRadius: 8, background: '#000', display: 'block' }}
          />
          {camera.status.state === 'starting' && (
            <Box
              sx={{ position: 'absolute', inset: 0, display: 'grid', placeItems: 'center' }}
              aria-live="polite"
            >
              <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', color: 'common.white' }}>
                <CircularProgress size={20} color="inherit" />
                <Typography variant="body2">{S.starting}</Typography>
              </Box>
            </Box>
          )}
        </Box>
      )}
    </Box>
  );
}
