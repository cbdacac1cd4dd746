/** Grid geometry for the call: the column count that makes tiles of a fixed aspect ratio largest. */
export interface GridLayout {
  cols: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
}

export function bestGrid(
  count: number,
  width: number,
  height: number,
  aspect = 16 / 9,
  gap = 8,
): GridLayout {
  if (count <= 0 || width <= 0 || height <= 0)
    return { cols: 0, rows: 0, tileWidth: 0, tileHeight: 0 };
  let best: GridLayout = { cols: 1, rows: count, tileWidth: 0, tileHeight: 0 };
  for (let cols = 1; cols <= count; cols++) {
    const rows = Math.ceil(count / cols);
    const cellW = (width - gap * (cols - 1)) / cols;
    const cellH = (height - gap * (rows - 1)) / rows;
    if (cellW <= 0 || cellH <= 0) continue;
    const tileWidth = Math.min(cellW, cellH * aspect);
    const tileHeight = tileWidth / aspect;
    if (tileWidth > best.tileWidth) {
      best = { cols, rows, tileWidth: Math.floor(tileWidth), tileHeight: Math.floor(tileHeight) };
    }
  }
  return best;
}

export interface TileSpec {
  key: string;
  participantId: string;
  kind: 'camera' | 'screen';
}

/**
 * Splits tiles into a stage and a filmstrip. A pinned tile wins, then the
 * newest screen share; with neither, everyone is in the grid.
 */
export function arrangeTiles(
  tiles: TileSpec[],
  pinnedKey: string | null,
): { stage: TileSpec | null; others: TileSpec[] } {
  const pinned = pinnedKey ? tiles.find((t) => t.key === pinnedKey) : undefined;
  const stage = pinned ?? [...tiles].reverse().find((t) => t.kind === 'screen') ?? null;
  if (!stage) return { stage: null, others: tiles };
  return { stage, others: tiles.filter((t) => t !== stage) };
}
