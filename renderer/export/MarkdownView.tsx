import {
  Box,
  Link,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { parseMarkdown, type Block, type Inline } from './markdown.js';

const HEADING_VARIANT = { 1: 'h6', 2: 'subtitle1', 3: 'subtitle2', 4: 'subtitle2' } as const;

/** A model card as a page shows it: React elements with text in them, never HTML from the card. */
export function MarkdownView({ source, testId }: { source: string; testId?: string }) {
  return (
    <Box data-testid={testId} sx={{ '& > *': { mb: 1.5 } }}>
      {parseMarkdown(source).map((block, i) => (
        <BlockView key={i} block={block} />
      ))}
    </Box>
  );
}

function BlockView({ block }: { block: Block }) {
  switch (block.kind) {
    case 'heading':
      return (
        <Typography
          variant={HEADING_VARIANT[block.level]}
          component={`h${block.level + 3}` as 'h4'}
        >
          <Inlines parts={block.inlines} />
        </Typography>
      );
    case 'paragraph':
      return (
        <Typography variant="body2">
          <Inlines parts={block.inlines} />
        </Typography>
      );
    case 'list': {
      const Tag = block.ordered ? 'ol' : 'ul';
      return (
        <Box component={Tag} sx={{ pl: 3, my: 0, typography: 'body2' }}>
          {block.items.map((item, i) => (
            <li key={i}>
              <Inlines parts={item} />
            </li>
          ))}
        </Box>
      );
    }
    case 'code':
      return (
        <Box
          component="pre"
          sx={{ p: 1, bgcolor: 'action.hover', borderRadius: 1, overflowX: 'auto', fontSize: 12 }}
        >
          <code>{block.text}</code>
        </Box>
      );
    case 'table':
      return (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" sx={{ width: 'auto' }}>
            <TableHead>
              <TableRow>
                {block.header.map((cell, i) => (
                  <TableCell key={i}>
                    <Inlines parts={cell} />
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {block.rows.map((row, r) => (
                <TableRow key={r}>
                  {row.map((cell, c) => (
                    <TableCell key={c}>
                      <Inlines parts={cell} />
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      );
  }
}

function Inlines({ parts }: { parts: Inline[] }) {
  return (
    <>
      {parts.map((part, i) => {
        switch (part.kind) {
          case 'text':
            return <span key={i}>{part.text}</span>;
          case 'code':
            return (
              <Box
                key={i}
                component="code"
                sx={{ fontSize: '0.9em', bgcolor: 'action.hover', px: 0.5 }}
              >
                {part.text}
              </Box>
            );
          case 'strong':
            return <strong key={i}>{part.text}</strong>;
          case 'link':
            return (
              <Link key={i} href={part.href} target="_blank" rel="noopener noreferrer">
                {part.text}
              </Link>
            );
        }
      })}
    </>
  );
}
