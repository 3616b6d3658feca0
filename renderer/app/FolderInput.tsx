import { Box, Button, LinearProgress, Typography } from '@mui/material';
import { useRef, type ReactNode } from 'react';
import { filesFromInput, type PickedFile } from '../data/dropFiles.js';

export interface FolderInput {
  /** Opens the browser's folder picker. */
  pickFolder(): void;
  /** Opens the browser's file picker for one .zip. */
  pickZip(): void;
  /** The hidden inputs; render them once, anywhere. */
  inputs: ReactNode;
}

/**
 * The hidden folder and zip file inputs a page uses where it cannot see paths (browser mode): what
 * the user picks arrives as files with their paths inside the folder. Test ids are
 * `${testIdPrefix}folder-input` and `${testIdPrefix}zip-input`.
 */
export function useFolderInput(
  onFiles: (files: PickedFile[]) => void,
  testIdPrefix = '',
): FolderInput {
  const folder = useRef<HTMLInputElement>(null);
  const zip = useRef<HTMLInputElement>(null);
  const changed = (input: HTMLInputElement) => {
    const files = input.files && input.files.length > 0 ? filesFromInput(input.files) : [];
    // Picking the same folder again must fire a change too.
    input.value = '';
    if (files.length > 0) onFiles(files);
  };
  const inputs = (
    <>
      <input
        ref={folder}
        type="file"
        hidden
        data-testid={`${testIdPrefix}folder-input`}
        {...{ webkitdirectory: '', directory: '' }}
        multiple
        onChange={(e) => changed(e.target)}
      />
      <input
        ref={zip}
        type="file"
        hidden
        data-testid={`${testIdPrefix}zip-input`}
        accept=".zip,application/zip"
        onChange={(e) => changed(e.target)}
      />
    </>
  );
  return {
    pickFolder: () => folder.current?.click(),
    pickZip: () => zip.current?.click(),
    inputs,
  };
}

/** A bar and a line of text while files are sent (or a folder is read), with an optional cancel. */
export function SendProgress(props: {
  /** Files sent so far; without it the bar runs without an end. */
  progress: { done: number; total: number } | undefined;
  text: string;
  cancel?: { label: string; onClick(): void };
  testId?: string;
}) {
  const { progress, text, cancel } = props;
  return (
    <Box data-testid={props.testId}>
      <LinearProgress
        variant={progress ? 'determinate' : 'indeterminate'}
        value={progress ? (100 * progress.done) / Math.max(1, progress.total) : 0}
      />
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mt: 1 }}>
        <Typography variant="body2">{text}</Typography>
        {cancel && (
          <Button size="small" onClick={cancel.onClick}>
            {cancel.label}
          </Button>
        )}
      </Box>
    </Box>
  );
}
