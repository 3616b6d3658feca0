import { Box, Typography } from '@mui/material';
import { useEffect, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useDatasetImport } from '../data/DatasetImport.js';
import { filesFromDataTransfer } from '../data/dropFiles.js';
import { STRINGS } from './strings.js';

const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');

/**
 * Folders or a zip dropped anywhere on the window are imported as the dataset (cards that take
 * drops of their own, like a class card, stop the event first). Screens that take dropped files
 * themselves (Try it) turn it off, so their drop is not taken for a dataset import.
 */
export function DropZone({
  children,
  enabled,
  onImport,
}: {
  children: ReactNode;
  enabled: boolean;
  onImport(): void;
}) {
  const importer = useDatasetImport();
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed; only the count says when the drag left.
  const depth = useRef(0);
  useEffect(() => {
    const reset = () => {
      depth.current = 0;
      setOver(false);
    };
    // A drop or a cancelled drag outside this element (another window, Escape) must not leave the
    // overlay behind on whatever screen comes next.
    window.addEventListener('drop', reset);
    window.addEventListener('dragend', reset);
    window.addEventListener('blur', reset);
    return () => {
      window.removeEventListener('drop', reset);
      window.removeEventListener('dragend', reset);
      window.removeEventListener('blur', reset);
    };
  }, []);
  useEffect(() => {
    if (!enabled) {
      depth.current = 0;
      setOver(false);
    }
  }, [enabled]);
  return (
    <Box
      data-testid="drop-zone"
      sx={{ minHeight: '100vh', position: 'relative' }}
      onDragEnter={(e) => {
        if (!enabled || !carriesFiles(e)) return;
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(e) => {
        // Always claimed: a file dropped where nothing takes it must not replace the app with it.
        if (carriesFiles(e)) e.preventDefault();
      }}
      onDragLeave={() => {
        if (!enabled) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(e) => {
        depth.current = 0;
        setOver(false);
        e.preventDefault();
        if (!enabled) return;
        onImport();
        void filesFromDataTransfer(e.dataTransfer).then((files) => importer.importFiles(files));
      }}
    >
      {children}
      {over && (
        <Box
          data-testid="drop-overlay"
          sx={{
            position: 'fixed',
            inset: 0,
            bgcolor: 'rgba(25,118,210,0.15)',
            border: '4px dashed',
            borderColor: 'primary.main',
            display: 'grid',
            placeItems: 'center',
            pointerEvents: 'none',
            zIndex: 2000,
          }}
        >
          <Typography variant="h5">{STRINGS.dropHere}</Typography>
        </Box>
      )}
    </Box>
  );
}
