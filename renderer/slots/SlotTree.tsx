import { Box, Chip, Collapse, IconButton, Typography } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TreeNode } from '../../shared/slots/slot-views';

function Node({ node, depth }: { node: TreeNode; depth: number }) {
  const { t } = useTranslation();
  // Owners and places open; schedules (which may hold thousands of slots) open on demand.
  const [open, setOpen] = useState(depth < 2);
  const has = node.children.length > 0;
  return (
    <Box sx={{ pl: depth ? 2 : 0, borderLeft: depth ? 1 : 0, borderColor: 'divider' }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, py: 0.25 }} data-testid={`tree-${node.kind}`}>
        <IconButton size="small" onClick={() => setOpen(!open)} disabled={!has} aria-label={open ? '−' : '+'} sx={{ width: 24, height: 24, fontSize: 14 }}>
          {has ? (open ? '−' : '+') : '·'}
        </IconButton>
        <Chip size="small" variant="outlined" label={t(`slots.nodeKinds.${node.kind}`)} />
        <Typography variant="body2">{node.label}</Typography>
        {node.detail && <Typography variant="caption" color="text.secondary">{node.detail}</Typography>}
        {has && node.kind !== 'slot' && <Typography variant="caption" color="text.secondary">({node.children.length})</Typography>}
      </Box>
      <Collapse in={open} unmountOnExit>
        {node.children.map((c) => <Node key={c.key} node={c} depth={depth + 1} />)}
      </Collapse>
    </Box>
  );
}

/** The resolved graph of a response, as the SAS reads it. */
export function SlotTree({ tree }: { tree: TreeNode[] }) {
  return <Box data-testid="slot-tree">{tree.map((n) => <Node key={n.key} node={n} depth={0} />)}</Box>;
}
