import { Box, Typography } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { useDatasetImport } from '../data/DatasetImport.js';
import { filesFromDataTransfer } from '../data/dropFiles.js';
import { STRINGS } from './strings.js';

/**
 * Folders or a zip dropped anywhere on the window are imported as the dataset (cards that take
 * drops of their own, like a class card, stop the event first).
 */
export function DropZone({ children, onImport }: { children: ReactNode; onImport(): void }) {
  const importer = useDatasetImport();
  const [over, setOver] = useState(false);
  return (
    <Box
      data-testid="drop-zone"
      sx={{ minHeight: '100vh', position: 'relative' }}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setOver(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        onImport();
        void filesFromDataTransfer(e.dataTransfer).then((files) => importer.importFiles(files));
      }}
    >
      {children}
      {over && (
        <Box
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
