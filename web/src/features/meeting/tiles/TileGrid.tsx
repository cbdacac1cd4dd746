import Box from '@mui/material/Box';
import { useRef } from 'react';
import { arrangeTiles, bestGrid, type TileSpec } from '../layout';
import { Tile, type TileProps } from './Tile';
import { useElementSize } from './useElementSize';

export type TileModel = TileSpec & Omit<TileProps, 'width' | 'height' | 'onTogglePin' | 'pinned'>;

interface Props {
  tiles: TileModel[];
  pinnedKey: string | null;
  onTogglePin(key: string): void;
}

const GAP = 8;

/**
 * Everyone in a best-fit grid; with a pin or a screen share, that tile takes the
 * stage and the others go to a strip beside it (below it on narrow screens).
 */
export function TileGrid({ tiles, pinnedKey, onTogglePin }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const { width, height } = useElementSize(ref);
  const { stage, others } = arrangeTiles(tiles, pinnedKey);
  const narrow = width < 720;

  const render = (t: TileModel, w?: number, h?: number) => (
    <Tile
      {...t}
      key={t.key}
      pinned={t.key === pinnedKey}
      onTogglePin={() => onTogglePin(t.key)}
      width={w}
      height={h}
    />
  );

  if (!stage) {
    const g = bestGrid(tiles.length, width, height, 16 / 9, GAP);
    return (
      <Box
        ref={ref}
        sx={{
          flex: 1,
          minHeight: 0,
          display: 'flex',
          flexWrap: 'wrap',
          alignContent: 'center',
          justifyContent: 'center',
          gap: `${GAP}px`,
        }}
      >
        {width > 0 && tiles.map((t) => render(t, g.tileWidth, g.tileHeight))}
      </Box>
    );
  }

  const stripShare = others.length === 0 ? 0 : narrow ? 0.28 : 0.22;
  const stripW = narrow ? width : Math.floor(width * stripShare);
  const stripH = narrow ? Math.floor(height * stripShare) : height;
  const strip = bestGrid(others.length, Math.max(1, stripW), Math.max(1, stripH), 16 / 9, GAP);

  return (
    <Box
      ref={ref}
      sx={{
        flex: 1,
        minHeight: 0,
        display: 'flex',
        flexDirection: narrow ? 'column' : 'row',
        gap: `${GAP}px`,
      }}
    >
      <Box sx={{ flex: 1, minWidth: 0, minHeight: 0 }}>
        {width > 0 && render(stage as TileModel)}
      </Box>
      {others.length > 0 && (
        <Box
          sx={{
            width: narrow ? '100%' : stripW,
            height: narrow ? stripH : '100%',
            display: 'flex',
            flexWrap: 'wrap',
            alignContent: 'center',
            justifyContent: 'center',
            gap: `${GAP}px`,
          }}
        >
          {width > 0 &&
            others.map((t) => render(t as TileModel, strip.tileWidth, strip.tileHeight))}
        </Box>
      )}
    </Box>
  );
}
