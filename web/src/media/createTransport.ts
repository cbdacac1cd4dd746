import type { MeetingMode } from '../api/types';
import { PeerMesh } from './peerMesh';
import { UnsupportedModeError, type MediaTransport, type TransportOptions } from './transport';

/** The seam between signalling and media: the server's `mode` picks the implementation. */
export function createTransport(mode: MeetingMode, opts: TransportOptions): MediaTransport {
  switch (mode) {
    case 'mesh':
      return new PeerMesh(opts);
    case 'sfu':
      // The SFU client (its own issue) will implement MediaTransport here.
      throw new UnsupportedModeError(mode);
    default:
      throw new UnsupportedModeError(String(mode));
  }
}
