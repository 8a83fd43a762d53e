// Both nodes' panes: side by side when the terminal is wide enough, one above the other when not.
import { Box } from 'ink';
import type { NodeId } from '../../cluster/facts.js';
import type { PaneModel } from '../pane-model.js';
import { paneArea } from '../layout.js';
import { NodePane } from './NodePane.js';

export interface NodePanesProps {
  panes: Record<NodeId, PaneModel>;
  width: number;
  height: number;
}

export function NodePanes({ panes, width, height }: NodePanesProps) {
  const area = paneArea(width, height);
  const second = area.stacked ? width : width - area.paneWidth;
  return (
    <Box flexDirection={area.stacked ? 'column' : 'row'} width={width} height={height} overflow="hidden">
      <NodePane pane={panes.a} width={area.paneWidth} height={area.paneHeight} bordered={!area.stacked} />
      <NodePane pane={panes.b} width={second} height={area.stacked ? height - area.paneHeight : area.paneHeight} bordered={!area.stacked} />
    </Box>
  );
}
