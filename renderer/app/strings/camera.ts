import { plural } from './plural.js';

/** The camera (new examples on Data, live predictions on Try it). */
export const CAMERA_STRINGS = {
  camera: {
    use: 'Use camera',
    title: (className: string) => `Camera: new examples of “${className}”`,
    choose: 'Camera',
    starting: 'Starting the camera…',
    noCamera: 'No camera found. Connect one (or allow this app to use it) and try again.',
    refused:
      'Camera permission was refused — allow the camera for this app in your browser or system settings, then try again.',
    busy: 'The camera is in use by another program: close it and try again.',
    failed: (reason: string) => `The camera could not start: ${reason}`,
    preview: 'Camera preview',
    shot: 'Take a photo',
    hold: 'Hold to record',
    holdHint: 'Hold the button (or Space on it) to record a few frames a second.',
    recording: 'Recording…',
    saved: (n: number) => `${plural(n, 'frame')} saved`,
    waiting: (n: number) => `${n} waiting to be saved`,
    done: 'Done',
    live: 'Live camera',
    stopLive: 'Stop the camera',
    liveHint: 'Classifies what the camera sees, one frame after the other.',
    rate: (perSecond: number) => `${perSecond.toFixed(1)} predictions/s`,
    needModel: 'Train a model to see live predictions of your classes.',
    liveStopped: (failures: number, reason: string) =>
      `Live predictions stopped after ${failures} failed frames in a row: ${reason}. Turn the live camera off and on to try again.`,
  },
} as const;
