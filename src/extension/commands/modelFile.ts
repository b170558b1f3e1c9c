// The file "New Event Model" writes: its name and its bounded context. Pure (no editor API).

const MODEL_SUFFIX = /\.events\.ya?ml$/i;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * The model file's name for a name the user chose: kept when it ends in `.events.yaml` (or
 * `.yml`), else made one (`orders` and `orders.yaml` give `orders.events.yaml`). Undefined for
 * a name that cannot be a model's (empty, or starting with a dot or a separator).
 */
export function modelFileName(chosen: string): string | undefined {
  const name = chosen.trim();
  if (MODEL_SUFFIX.test(name)) return NAME.test(name) ? name : undefined;
  const stem = name.replace(/\.ya?ml$/i, '');
  return stem !== '' && NAME.test(stem) ? `${stem}.events.yaml` : undefined;
}

/** The bounded context a model file is named after: `ship-tracking.events.yaml` gives `ShipTracking`. */
export function contextOfModelFile(fileName: string): string {
  return fileName.replace(MODEL_SUFFIX, '').replace(/(^|[-_.])([a-zA-Z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/** The first of `model.events.yaml`, `model-2.events.yaml`, ... that is not taken: the save dialog's suggestion. */
export function freeModelFileName(taken: (name: string) => boolean, stem = 'model'): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${stem}.events.yaml` : `${stem}-${n}.events.yaml`;
    if (!taken(name)) return name;
  }
}
