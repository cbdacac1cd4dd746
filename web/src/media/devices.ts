/** Camera, microphone and screen capture, with failures classified for the UI. */
export type MediaFailure = 'denied' | 'not_found' | 'busy' | 'unsupported' | 'unknown';

export class MediaAccessError extends Error {
  constructor(
    readonly kind: 'camera' | 'microphone' | 'screen',
    readonly failure: MediaFailure,
    cause?: unknown,
  ) {
    super(describeFailure(kind, failure), { cause });
    this.name = 'MediaAccessError';
  }
}

export function classifyMediaError(err: unknown): MediaFailure {
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return 'not_found';
    case 'NotReadableError':
    case 'AbortError':
    case 'TrackStartError':
      return 'busy';
    case 'TypeError':
      return 'unsupported';
    default:
      return 'unknown';
  }
}

export function describeFailure(kind: string, failure: MediaFailure): string {
  switch (failure) {
    case 'denied':
      return `Access to your ${kind} was blocked. Allow it in the browser's site settings, or join without it.`;
    case 'not_found':
      return `No ${kind} was found.`;
    case 'busy':
      return `Your ${kind} is in use by another application.`;
    case 'unsupported':
      return `This browser cannot use your ${kind} here (a secure https connection is required).`;
    default:
      return `Could not start your ${kind}.`;
  }
}

export interface DeviceLists {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
  speakers: MediaDeviceInfo[];
}

export async function listDevices(): Promise<DeviceLists> {
  const all = (await navigator.mediaDevices?.enumerateDevices?.()) ?? [];
  return {
    cameras: all.filter((d) => d.kind === 'videoinput'),
    microphones: all.filter((d) => d.kind === 'audioinput'),
    speakers: all.filter((d) => d.kind === 'audiooutput'),
  };
}

function requireMediaDevices(kind: 'camera' | 'microphone' | 'screen'): MediaDevices {
  if (!navigator.mediaDevices) throw new MediaAccessError(kind, 'unsupported');
  return navigator.mediaDevices;
}

export async function openCamera(deviceId?: string): Promise<MediaStreamTrack> {
  const md = requireMediaDevices('camera');
  try {
    const stream = await md.getUserMedia({
      video: {
        deviceId: deviceId ? { exact: deviceId } : undefined,
        width: { ideal: 640 },
        height: { ideal: 360 },
        frameRate: { ideal: 24, max: 30 },
      },
    });
    const track = stream.getVideoTracks()[0];
    if (!track) throw new MediaAccessError('camera', 'not_found');
    return track;
  } catch (err) {
    if (err instanceof MediaAccessError) throw err;
    throw new MediaAccessError('camera', classifyMediaError(err), err);
  }
}

export async function openMicrophone(deviceId?: string): Promise<MediaStreamTrack> {
  const md = requireMediaDevices('microphone');
  try {
    const stream = await md.getUserMedia({
      audio: {
        deviceId: deviceId ? { exact: deviceId } : undefined,
        echoCancellation: true,
        noiseSuppression: true,
        autoGainControl: true,
      },
    });
    const track = stream.getAudioTracks()[0];
    if (!track) throw new MediaAccessError('microphone', 'not_found');
    return track;
  } catch (err) {
    if (err instanceof MediaAccessError) throw err;
    throw new MediaAccessError('microphone', classifyMediaError(err), err);
  }
}

export async function openScreen(): Promise<MediaStreamTrack> {
  const md = requireMediaDevices('screen');
  if (!md.getDisplayMedia) throw new MediaAccessError('screen', 'unsupported');
  try {
    const stream = await md.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false });
    const track = stream.getVideoTracks()[0];
    if (!track) throw new MediaAccessError('screen', 'not_found');
    track.contentHint = 'detail';
    return track;
  } catch (err) {
    if (err instanceof MediaAccessError) throw err;
    throw new MediaAccessError('screen', classifyMediaError(err), err);
  }
}

/** Routes an element's audio to the chosen speaker where the browser supports it. */
export async function setSpeaker(el: HTMLMediaElement, deviceId: string): Promise<void> {
  const withSink = el as HTMLMediaElement & { setSinkId?: (id: string) => Promise<void> };
  if (deviceId && withSink.setSinkId) await withSink.setSinkId(deviceId).catch(() => undefined);
}

export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}
