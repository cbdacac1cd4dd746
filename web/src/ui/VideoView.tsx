import { useEffect, useRef } from 'react';
import { setSpeaker } from '../media';

interface VideoViewProps {
  stream: MediaStream | null;
  muted?: boolean;
  mirrored?: boolean;
  fit?: 'cover' | 'contain';
  speakerId?: string;
  hidden?: boolean;
  label?: string;
}

/** A <video> bound to a MediaStream (srcObject cannot be set from JSX). */
export function VideoView({
  stream,
  muted = false,
  mirrored,
  fit = 'cover',
  speakerId,
  hidden,
  label,
}: VideoViewProps) {
  const ref = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (el.srcObject !== stream) el.srcObject = stream;
    if (stream) void el.play().catch(() => undefined);
  }, [stream]);

  useEffect(() => {
    const el = ref.current;
    if (el && speakerId) void setSpeaker(el, speakerId);
  }, [speakerId]);

  return (
    <video
      ref={ref}
      autoPlay
      playsInline
      muted={muted}
      aria-label={label}
      style={{
        position: 'absolute',
        inset: 0,
        width: '100%',
        height: '100%',
        objectFit: fit,
        transform: mirrored ? 'scaleX(-1)' : undefined,
        opacity: hidden ? 0 : 1,
        background: 'transparent',
      }}
    />
  );
}
