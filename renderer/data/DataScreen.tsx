import { Alert, Box, Button, Slider, Stack, Typography } from '@mui/material';
import { useState, type DragEvent } from 'react';
import { useBridge } from '../app/bridgeContext.js';
import { SendProgress, useFolderInput } from '../app/FolderInput.js';
import { PathField } from '../app/PathField.js';
import { STRINGS } from '../app/strings.js';
import { useWorkspace } from '../app/workspace.js';
import { CameraCapture } from './CameraCapture.js';
import { ClassCard } from './ClassCard.js';
import { CopyIntoProject } from './CopyIntoProject.js';
import { useDatasetImport } from './DatasetImport.js';
import { classCards } from './datasetView.js';
import { filesFromDataTransfer, filesFromInput, type PickedFile } from './dropFiles.js';
import { enginePathsFor } from './importDataset.js';
import { ProblemsPanel } from './ProblemsPanel.js';
import { TrySample } from './TrySample.js';
import { TextColumns } from './TextColumns.js';

const S = STRINGS.data;

/** Bring examples in (drop, pick, or type a path) and see what the dataset holds. */
export function DataScreen() {
  const bridge = useBridge();
  const { state } = useWorkspace();
  const importer = useDatasetImport();
  const [editError, setEditError] = useState<string | undefined>();
  const [cameraFor, setCameraFor] = useState<string | undefined>();
  const browserInput = useFolderInput((files) => void importer.importFiles(files));
  const dataset = state.dataset;

  const pick = async (kind: 'folder' | 'zip') => {
    if (bridge.kind === 'browser')
      return kind === 'folder' ? browserInput.pickFolder() : browserInput.pickZip();
    const chosen = await bridge.call('shell.pickDataset', { kind });
    if (chosen.path) await importer.importPath(chosen.path);
  };
  const rescan = async () => {
    if (dataset) await importer.importPath(dataset.path);
  };
  const dropOnClass = (className: string, event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
    void addToClass(className, filesFromDataTransfer(event.dataTransfer));
  };
  const addToClass = async (className: string, picked: Promise<PickedFile[]>) => {
    if (!dataset) return;
    setEditError(undefined);
    try {
      const files = await picked;
      const paths = await enginePathsFor(bridge, files, 'added images');
      await bridge.call('dataset.addFiles', { dataset: dataset.path, className, files: paths });
      await rescan();
    } catch (e) {
      setEditError((e as Error).message);
    }
  };

  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h2">
        {S.title}
      </Typography>
      <Typography color="text.secondary">{S.hint}</Typography>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        <Button variant="contained" onClick={() => void pick('folder')} disabled={importer.busy}>
          {S.addFolder}
        </Button>
        <Button variant="outlined" onClick={() => void pick('zip')} disabled={importer.busy}>
          {S.addZip}
        </Button>
        {browserInput.inputs}
      </Box>
      <PathField
        label={S.pathLabel}
        button={S.scan}
        testId="dataset-path"
        disabled={importer.busy}
        onSubmit={(path) => void importer.importPath(path)}
      />
      {importer.busy && (
        <SendProgress
          testId="import-progress"
          progress={importer.progress}
          text={
            importer.progress
              ? S.uploading(importer.progress.done, importer.progress.total)
              : importer.scanned
                ? S.scannedSoFar(importer.scanned.seen, importer.scanned.imported)
                : S.scanning
          }
          cancel={{ label: S.cancel, onClick: importer.cancel }}
        />
      )}
      {importer.error && <Alert severity="error">{importer.error}</Alert>}
      {!dataset && <TrySample />}
      {editError && <Alert severity="error">{editError}</Alert>}
      {dataset && (
        <Stack spacing={2} data-testid="scan-result">
          <Typography>
            {(dataset.report.modality === 'text' ? STRINGS.text.summary : S.summary)(
              dataset.report.files.imported,
              dataset.report.files.skipped,
              dataset.report.classes.length,
            )}
            {' · '}
            <span title={dataset.path}>{dataset.path}</span>
          </Typography>
          <Box
            sx={{
              display: 'grid',
              gap: 2,
              gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
            }}
          >
            {classCards(dataset.report).map((card) => (
              <ClassCard
                key={card.name}
                card={card}
                dataset={dataset.path}
                samples={dataset.report.images
                  .filter((i) => i.className === card.name)
                  .slice(0, 6)
                  .map((i) => i.path)}
                onRename={async (to) => {
                  await bridge.call('dataset.renameClass', {
                    dataset: dataset.path,
                    from: card.name,
                    to,
                  });
                  await rescan();
                }}
                onDropFiles={(e) => dropOnClass(card.name, e)}
                onPickFiles={(list) =>
                  void addToClass(card.name, Promise.resolve(filesFromInput(list)))
                }
                onUseCamera={() => setCameraFor(card.name)}
                onRemove={async () => {
                  const paths = dataset.report.images
                    .filter((i) => i.className === card.name)
                    .map((i) => i.path);
                  if (paths.length > 0)
                    await bridge.call('dataset.removeFiles', { dataset: dataset.path, paths });
                  await rescan();
                }}
              />
            ))}
          </Box>
          {cameraFor && (
            <CameraCapture
              dataset={dataset.path}
              className={cameraFor}
              onSaved={() => void rescan()}
              onClose={() => setCameraFor(undefined)}
            />
          )}
          <TextColumns />
          <SplitControl />
          <CopyIntoProject />
          <ProblemsPanel report={dataset.report} />
        </Stack>
      )}
    </Stack>
  );
}

/** The share of each class held out for validation, with the counts it gives. */
function SplitControl() {
  const { state, dispatch } = useWorkspace();
  const report = state.dataset?.report;
  if (!report) return null;
  const hasOwnSplit = report.classes.some((c) => c.splits);
  const share = state.settings.validationSplit;
  const validation = Math.round(report.files.imported * share);
  return (
    <Box sx={{ maxWidth: 480 }}>
      <Typography id="split-label" variant="subtitle1">
        {S.split}
      </Typography>
      {hasOwnSplit ? (
        <Typography variant="body2">{S.ownSplit}</Typography>
      ) : (
        <>
          <Slider
            aria-labelledby="split-label"
            value={Math.round(share * 100)}
            min={5}
            max={50}
            step={5}
            valueLabelDisplay="auto"
            onChange={(_, value) =>
              dispatch({
                type: 'settings',
                settings: { ...state.settings, validationSplit: (value as number) / 100 },
              })
            }
          />
          <Typography variant="body2">
            {S.splitCounts(report.files.imported - validation, validation)}
          </Typography>
        </>
      )}
    </Box>
  );
}
