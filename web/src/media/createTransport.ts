import type { MeetingMode } from '../api/types';
import { PeerMesh } from './peerMesh';
import { SfuClient } from './sfuClient';
import { UnsupportedModeError, type MediaTransport, type TransportOptions } from './transport';

/** The seam between signalling and media: the server's `mode` picks the implementation. */
export function createTransport(mode: MeetingMode, opts: TransportOptions): MediaTransport {
  switch (mode) {
    case 'mesh':
      return new PeerMesh(opts);
    case 'sfu':
      if (!opts.sfu) throw new UnsupportedModeError(mode);
      return new SfuClient(opts);
    default:
      throw new UnsupportedModeError(String(mode));
  }
}
