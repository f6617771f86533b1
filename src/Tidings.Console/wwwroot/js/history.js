// What the page remembers between polls: cumulative counters become per-second rates (the difference between two
// polls over the time between them), and each tracked value keeps its last few minutes for the charts.

const KEEP = 60; // points per series: three minutes at one poll every three seconds

export class History {
  #last = new Map();   // key → {value, time} of the previous poll, for rates
  #series = new Map(); // key → values, oldest first

  /** Records a cumulative counter read at `time` (ms) and returns its rate per second since the previous read. */
  rate(key, value, time) {
    const previous = this.#last.get(key);
    this.#last.set(key, { value, time });
    let perSecond = 0;
    if (previous && time > previous.time && value >= previous.value) {
      perSecond = (value - previous.value) / ((time - previous.time) / 1000);
    }
    // The first read has no rate yet; recording 0 keeps every series on the same time axis.
    this.add(key, perSecond);
    return previous ? perSecond : null;
  }

  /** Appends a point to a series. */
  add(key, value) {
    const values = this.#series.get(key) ?? [];
    values.push(value);
    if (values.length > KEEP) values.shift();
    this.#series.set(key, values);
  }

  values(key) {
    return this.#series.get(key) ?? [];
  }
}
