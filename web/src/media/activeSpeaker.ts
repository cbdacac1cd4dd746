/**
 * Picks the active speaker from periodic audio levels. A new speaker must be
 * louder than `threshold` and stay the loudest for `switchAfterMs`; the current
 * one keeps the highlight for `holdMs` of silence, so the highlight doesn't flicker.
 */
export class ActiveSpeakerDetector {
  private current: string | null = null;
  private lastHeard = 0;
  private candidate: string | null = null;
  private candidateSince = 0;

  constructor(
    private readonly threshold = 0.05,
    private readonly switchAfterMs = 300,
    private readonly holdMs = 1500,
  ) {}

  get speaker(): string | null {
    return this.current;
  }

  update(levels: ReadonlyMap<string, number>, now: number): string | null {
    let loudest: string | null = null;
    let loudestLevel = this.threshold;
    for (const [id, level] of levels) {
      if (level > loudestLevel) {
        loudest = id;
        loudestLevel = level;
      }
    }
    if (this.current && !levels.has(this.current)) this.current = null;
    if (loudest === null) {
      this.candidate = null;
      if (this.current && now - this.lastHeard > this.holdMs) this.current = null;
      return this.current;
    }
    if (loudest === this.current) {
      this.lastHeard = now;
      this.candidate = null;
      return this.current;
    }
    if (this.candidate !== loudest) {
      this.candidate = loudest;
      this.candidateSince = now;
    }
    if (this.current === null || now - this.candidateSince >= this.switchAfterMs) {
      this.current = loudest;
      this.lastHeard = now;
      this.candidate = null;
    }
    return this.current;
  }
}
