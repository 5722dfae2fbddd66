// portflow console: the little JavaScript the pages use. Everything works without it; it only
// makes the SCHEDULE form check the calendar as you type, and scrolls the machine to the current state.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  for (const form of document.querySelectorAll('form[data-live-check]')) {
    const region = form.querySelector('[data-check-result]');
    let pending = null;
    const check = async () => {
      const data = new FormData(form);
      if (!data.get('startAt')) return;
      const query = new URLSearchParams({ startAt: String(data.get('startAt')) });
      for (const flag of ['offHours', 'acknowledgeRisk']) if (data.get(flag) === 'on') query.set(flag, 'on');
      pending?.abort();
      pending = new AbortController();
      try {
        const response = await fetch(`${form.dataset.liveCheck}?${query}`, { signal: pending.signal, credentials: 'same-origin' });
        if (response.ok) region.innerHTML = await response.text();
      } catch (error) {
        if (error.name !== 'AbortError') region.textContent = 'The calendar check is unavailable; the API checks again when you send.';
      }
    };
    form.addEventListener('input', check);
    form.addEventListener('change', check);
  }

  const current = document.querySelector('svg.machine .state.current');
  const diagram = document.getElementById('machine');
  if (current && diagram) {
    const box = current.getBBox();
    diagram.scrollLeft = Math.max(0, box.x - diagram.clientWidth / 3);
  }
});
