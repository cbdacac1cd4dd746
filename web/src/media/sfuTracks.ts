import type { SfuSubscribedTrack } from '../api/types';

/** The remote tracks of one publisher, as the SFU's offer labels them. */
export interface PublisherTracks {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
  screen: MediaStreamTrack | null;
}

/** The part of a transceiver that mapping needs (real ones and test fakes both fit). */
export interface ReceivingTransceiver {
  mid: string | null;
  receiver: { track: MediaStreamTrack };
}

/**
 * Groups the receive connection's tracks by publisher, using the offer's `tracks`
 * list (mid -> participant, source), not the SDP's msid: the screen share has the
 * same msid stream id as the camera, and only `source` tells them apart. Tracks
 * that left the list are gone; our own id never appears as a publisher.
 */
export function groupByPublisher(
  tracks: readonly SfuSubscribedTrack[],
  transceivers: readonly ReceivingTransceiver[],
  selfId: string,
): Map<string, PublisherTracks> {
  const byMid = new Map<string, MediaStreamTrack>();
  for (const t of transceivers) if (t.mid !== null) byMid.set(t.mid, t.receiver.track);
  const out = new Map<string, PublisherTracks>();
  for (const info of tracks) {
    if (info.participantId === selfId) continue;
    const track = byMid.get(info.mid);
    if (!track) continue;
    const entry = out.get(info.participantId) ?? { audio: null, video: null, screen: null };
    entry[info.source] = track;
    out.set(info.participantId, entry);
  }
  return out;
}

/** True when both name the same camera tracks (a new MediaStream is needed otherwise). */
export function sameCamera(
  a: PublisherTracks | undefined,
  b: PublisherTracks | undefined,
): boolean {
  return (a?.audio ?? null) === (b?.audio ?? null) && (a?.video ?? null) === (b?.video ?? null);
}

export function sameScreen(
  a: PublisherTracks | undefined,
  b: PublisherTracks | undefined,
): boolean {
  return (a?.screen ?? null) === (b?.screen ?? null);
}
