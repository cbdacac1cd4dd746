import { useCallback, useEffect, useRef, useState } from 'react';
import {
  AudioLevelMeter,
  listDevices,
  MediaAccessError,
  openCamera,
  openMicrophone,
  type DeviceLists,
} from '../../media';

export interface PreviewState {
  videoTrack: MediaStreamTrack | null;
  audioTrack: MediaStreamTrack | null;
  cameraError: string | null;
  micError: string | null;
  devices: DeviceLists;
  level: number;
}

const noDevices: DeviceLists = { cameras: [], microphones: [], speakers: [] };

function messageOf(err: unknown): string {
  return err instanceof MediaAccessError ? err.message : 'Could not start the device.';
}

/**
 * Camera and microphone for the pre-join screen. Each device is opened on its
 * own so a blocked camera never costs the microphone. `release()` hands the
 * live tracks to the caller, who then owns (and stops) them.
 */
export function useLocalPreview(opts: { cameraOn: boolean; cameraId: string; micId: string }) {
  const { cameraOn, cameraId, micId } = opts;
  const [videoTrack, setVideoTrack] = useState<MediaStreamTrack | null>(null);
  const [audioTrack, setAudioTrack] = useState<MediaStreamTrack | null>(null);
  const [cameraError, setCameraError] = useState<string | null>(null);
  const [micError, setMicError] = useState<string | null>(null);
  const [devices, setDevices] = useState<DeviceLists>(noDevices);
  const [level, setLevel] = useState(0);
  const released = useRef(false);
  const tracks = useRef<{ video: MediaStreamTrack | null; audio: MediaStreamTrack | null }>({
    video: null,
    audio: null,
  });

  const refreshDevices = useCallback(() => {
    listDevices()
      .then(setDevices)
      .catch(() => setDevices(noDevices));
  }, []);

  useEffect(() => {
    if (!cameraOn) return;
    let cancelled = false;
    let opened: MediaStreamTrack | null = null;
    const held = tracks.current;
    openCamera(cameraId || undefined)
      .then((track) => {
        if (cancelled) return track.stop();
        opened = track;
        held.video = track;
        setVideoTrack(track);
        setCameraError(null);
        refreshDevices();
      })
      .catch((err: unknown) => !cancelled && setCameraError(messageOf(err)));
    return () => {
      cancelled = true;
      if (!released.current) opened?.stop();
      if (held.video === opened) held.video = null;
      setVideoTrack(null);
    };
  }, [cameraOn, cameraId, refreshDevices]);

  useEffect(() => {
    let cancelled = false;
    let meter: AudioLevelMeter | null = null;
    let opened: MediaStreamTrack | null = null;
    const held = tracks.current;
    openMicrophone(micId || undefined)
      .then((track) => {
        if (cancelled) return track.stop();
        opened = track;
        held.audio = track;
        setAudioTrack(track);
        setMicError(null);
        refreshDevices();
        try {
          meter = new AudioLevelMeter(track, setLevel, 12);
          meter.start();
        } catch {
          meter = null;
        }
      })
      .catch((err: unknown) => !cancelled && setMicError(messageOf(err)));
    return () => {
      cancelled = true;
      meter?.stop();
      if (!released.current) opened?.stop();
      if (held.audio === opened) held.audio = null;
      setAudioTrack(null);
    };
  }, [micId, refreshDevices]);

  useEffect(() => {
    refreshDevices();
    const md = navigator.mediaDevices;
    md?.addEventListener?.('devicechange', refreshDevices);
    return () => md?.removeEventListener?.('devicechange', refreshDevices);
  }, [refreshDevices]);

  const release = useCallback(() => {
    released.current = true;
    return { videoTrack: tracks.current.video, audioTrack: tracks.current.audio };
  }, []);

  const state: PreviewState = { videoTrack, audioTrack, cameraError, micError, devices, level };
  return { ...state, release };
}
