import { TableCell, TableHead, TableRow } from '@mui/material';

/** A table's header from its column titles. */
export function HeaderRow({ columns }: { columns: readonly string[] }) {
  return (
    <TableHead>
      <TableRow>
        {columns.map((c) => (
          <TableCell key={c}>{c}</TableCell>
        ))}
      </TableRow>
    </TableHead>
  );
}
