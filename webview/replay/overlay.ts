// What covers the panel when there is no replay to show: the build in progress, an error with a
// Retry button, or a sample file without events.
import { h } from './dom';

export class Overlay {
  readonly element = h('div', { id: 'overlay', class: 'overlay', hidden: true });
  private readonly bar = h('div', { class: 'bar' });
  private readonly meter = h('div', { class: 'meter', role: 'progressbar', 'aria-label': 'Replaying', 'aria-valuemin': 0, 'aria-valuemax': 100 }, this.bar);
  private readonly detail = h('p', { class: 'detail' });

  constructor(private readonly retry: () => void) {}

  loading(title: string): void {
    this.meter.removeAttribute('aria-valuenow');
    this.meter.classList.add('indeterminate');
    this.bar.style.width = '';
    this.detail.textContent = '';
    this.show('loading', h('div', { class: 'spinner', 'aria-hidden': 'true' }), h('p', { class: 'headline' }, `Replaying ${title}…`), this.meter, this.detail);
  }

  progress(done: number, total: number): void {
    if (this.element.dataset.kind !== 'loading') this.loading('');
    const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
    this.meter.classList.remove('indeterminate');
    this.meter.setAttribute('aria-valuenow', String(percent));
    this.bar.style.width = `${percent}%`;
    this.detail.textContent = `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events`;
  }

  error(message: string): void {
    const retry = h('button', { type: 'button', class: 'primary' }, 'Retry');
    retry.addEventListener('click', () => this.retry());
    this.show('error', h('p', { class: 'headline error-text', role: 'alert' }, 'The replay cannot be shown'), h('p', { class: 'detail' }, message), retry);
    retry.focus();
  }

  empty(sampleFile: string): void {
    this.show('empty', h('p', { class: 'headline' }, 'No events to replay'), h('p', { class: 'detail' }, `${sampleFile || 'The sample file'} has no events yet. Add some and the replay follows.`));
  }

  hide(): void {
    this.element.hidden = true;
    delete this.element.dataset.kind;
  }

  private show(kind: string, ...children: HTMLElement[]): void {
    this.element.dataset.kind = kind;
    this.element.replaceChildren(h('div', { class: 'overlay-box' }, ...children));
    this.element.hidden = false;
  }
}
