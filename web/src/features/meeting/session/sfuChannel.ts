import type { RealtimeClient, SfuOffer, SfuTransportState } from '../../../api';
import type { SfuSignalling } from '../../../media';

/** Offers kept while no SFU client listens; each is a full description, so a few suffice. */
const MAX_BUFFERED = 16;

/**
 * The sfu:* events over the realtime socket, as the SFU client consumes them.
 *
 * It listens from the start of the session, not from the SFU client's creation: the
 * server may send the first `sfu:offer` right behind the join answer or the mode
 * switch, before the client exists. Such offers wait here and are handed over, in
 * order, when the client subscribes.
 */
export class SfuChannel implements SfuSignalling {
  private offers: SfuOffer[] = [];
  private offerHandler: ((offer: SfuOffer) => void) | null = null;
  private stateHandler: ((e: SfuTransportState) => void) | null = null;

  constructor(private readonly client: RealtimeClient) {
    client.on('sfu:offer', (offer) => {
      if (this.offerHandler) this.offerHandler(offer);
      else this.offers = [...this.offers, offer].slice(-MAX_BUFFERED);
    });
    client.on('sfu:transport', (e) => this.stateHandler?.(e));
  }

  async publish(sdp: string, tracks: { mid: string; source: 'audio' | 'video' | 'screen' }[]) {
    const ack = await this.client.request('sfu:publish', { sdp, tracks });
    return ack.sdp;
  }

  async answer(version: number, sdp: string): Promise<void> {
    await this.client.request('sfu:answer', { version, sdp });
  }

  async restart(): Promise<void> {
    await this.client.request('sfu:restart', {});
  }

  onOffer(handler: (offer: SfuOffer) => void): () => void {
    this.offerHandler = handler;
    const waiting = this.offers;
    this.offers = [];
    for (const offer of waiting) handler(offer);
    return () => {
      if (this.offerHandler === handler) this.offerHandler = null;
    };
  }

  onTransportState(handler: (e: SfuTransportState) => void): () => void {
    this.stateHandler = handler;
    return () => {
      if (this.stateHandler === handler) this.stateHandler = null;
    };
  }

  /** Drops offers meant for a participant we no longer are (rejoined under a new id). */
  reset(): void {
    this.offers = [];
  }
}
