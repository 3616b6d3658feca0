import { Box, Button, ButtonBase, Card, CardActions, CardContent, Typography } from '@mui/material';
import { useRef, useState, type DragEvent } from 'react';
import { useBridgeQuery } from '../app/useBridgeQuery.js';
import { STRINGS } from '../app/strings.js';
import type { ClassCard as ClassCardData } from './datasetView.js';
import { PretrainedLook } from './PretrainedLook.js';
import { useWorkspace } from '../app/workspace.js';
import {
  ClassCardAlerts,
  ClassCardName,
  RenameActions,
  useClassRename,
} from './ClassCardChrome.js';
import { TextClassCard } from './TextClassCard.js';

const S = STRINGS.data;

interface Props {
  card: ClassCardData;
  dataset: string;
  /** Paths (inside the dataset) of the first few images, for the thumbnail strip. */
  samples: string[];
  onRename(to: string): Promise<void>;
  /** Files dropped on the card, to add to this class. */
  onDropFiles(event: DragEvent): void;
  /** Files picked with the card's "Add images…" (the way that needs no dragging). */
  onPickFiles(files: FileList): void;
  /** Moves the class's images to the trash. */
  onRemove(): Promise<void>;
  /** Opens the camera to record new examples of this class. */
  onUseCamera?(): void;
}

/** A class of texts shows snippets instead of thumbnails (TextClassCard). */
export function ClassCard(props: Props) {
  const report = useWorkspace().state.dataset?.report;
  if (report?.modality !== 'text') return <ImageClassCard {...props} />;
  const summary = report.classes.find((c) => c.name === props.card.name);
  const folders = report.text?.layout === 'class-folders';
  return (
    <TextClassCard
      {...props.card}
      snippets={summary?.snippets ?? []}
      onRename={folders ? props.onRename : undefined}
    />
  );
}

/** One class: name, count, a strip of thumbnails, warnings; rename it, or drop images on it. */
function ImageClassCard(props: Props) {
  const { card, dataset, samples, onRename, onDropFiles } = props;
  const rename = useClassRename(card.name, onRename);
  const [confirming, setConfirming] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const [look, setLook] = useState<{ path: string; preview: string; anchor: HTMLElement }>();
  const thumbnails =
    useBridgeQuery(
      'dataset.thumbnails',
      samples.length > 0 ? { dataset, paths: samples, size: 64 } : undefined,
    ).data ?? [];

  return (
    <Card
      variant="outlined"
      data-testid="class-card"
      data-class={card.name}
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDropFiles}
    >
      <CardContent>
        <ClassCardName name={card.name} rename={rename} />
        <Typography color="text.secondary">{S.images(card.count)}</Typography>
        {card.splitText && <Typography variant="body2">{card.splitText}</Typography>}
        <Box sx={{ display: 'flex', gap: 0.5, mt: 1, flexWrap: 'wrap' }} data-testid="thumbnails">
          {thumbnails.map(({ path, dataUrl }) =>
            dataUrl ? (
              <ButtonBase
                key={path}
                title={S.lookAction}
                aria-label={S.lookLabel(path)}
                sx={{ borderRadius: 1 }}
                onClick={(e) => setLook({ path, preview: dataUrl, anchor: e.currentTarget })}
              >
                <img src={dataUrl} alt={path} width={40} height={40} style={{ borderRadius: 4 }} />
              </ButtonBase>
            ) : null,
          )}
        </Box>
        {look && <PretrainedLook {...look} dataset={dataset} onClose={() => setLook(undefined)} />}
        <ClassCardAlerts warnings={card.warnings} error={rename.error} />
      </CardContent>
      <CardActions sx={{ flexWrap: 'wrap', rowGap: 0.5 }}>
        {rename.renaming ? (
          <RenameActions rename={rename} />
        ) : confirming ? (
          <>
            <Button
              size="small"
              color="error"
              onClick={() => void props.onRemove().catch((e: Error) => rename.setError(e.message))}
            >
              {S.removeConfirm(card.count)}
            </Button>
            <Button size="small" onClick={() => setConfirming(false)}>
              {S.cancel}
            </Button>
          </>
        ) : (
          <>
            <Button size="small" onClick={rename.start}>
              {S.rename}
            </Button>
            <Button size="small" onClick={() => picker.current?.click()}>
              {S.addImages}
            </Button>
            {props.onUseCamera && (
              <Button size="small" onClick={props.onUseCamera}>
                {STRINGS.camera.use}
              </Button>
            )}
            <Button size="small" color="error" onClick={() => setConfirming(true)}>
              {S.remove}
            </Button>
            <input
              ref={picker}
              type="file"
              hidden
              multiple
              accept="image/*"
              onChange={(e) => e.target.files && props.onPickFiles(e.target.files)}
            />
          </>
        )}
      </CardActions>
    </Card>
  );
}
