import { describe, expect, it } from 'vitest';
import { arrangeTiles, bestGrid } from './layout';

describe('bestGrid', () => {
  it('one tile fills the width of a wide area', () => {
    const g = bestGrid(1, 1600, 900, 16 / 9, 0);
    expect(g).toEqual({ cols: 1, rows: 1, tileWidth: 1600, tileHeight: 900 });
  });

  it('two tiles sit side by side on a landscape screen and stacked on a portrait one', () => {
    expect(bestGrid(2, 1600, 900).cols).toBe(2);
    expect(bestGrid(2, 400, 900).cols).toBe(1);
  });

  it('three or four tiles make a 2x2 grid on a 16:9 screen', () => {
    expect(bestGrid(3, 1600, 900)).toMatchObject({ cols: 2, rows: 2 });
    expect(bestGrid(4, 1600, 900)).toMatchObject({ cols: 2, rows: 2 });
  });

  it('tiles never overflow the area', () => {
    for (let n = 1; n <= 25; n++) {
      const g = bestGrid(n, 1280, 720, 16 / 9, 8);
      expect(g.cols * g.tileWidth + (g.cols - 1) * 8).toBeLessThanOrEqual(1280);
      expect(g.rows * g.tileHeight + (g.rows - 1) * 8).toBeLessThanOrEqual(720);
      expect(g.cols * g.rows).toBeGreaterThanOrEqual(n);
    }
  });

  it('is empty for no tiles or no room', () => {
    expect(bestGrid(0, 100, 100).cols).toBe(0);
    expect(bestGrid(3, 0, 100).cols).toBe(0);
  });
});

describe('arrangeTiles', () => {
  const cam = (id: string) => ({ key: `${id}:camera`, participantId: id, kind: 'camera' as const });
  const scr = (id: string) => ({ key: `${id}:screen`, participantId: id, kind: 'screen' as const });

  it('puts everyone in the grid by default', () => {
    expect(arrangeTiles([cam('a'), cam('b')], null).stage).toBeNull();
  });

  it('puts a screen share on stage, and a pin beats it', () => {
    const tiles = [cam('a'), cam('b'), scr('b')];
    expect(arrangeTiles(tiles, null).stage?.key).toBe('b:screen');
    const pinned = arrangeTiles(tiles, 'a:camera');
    expect(pinned.stage?.key).toBe('a:camera');
    expect(pinned.others.map((t) => t.key)).toEqual(['b:camera', 'b:screen']);
  });
});
