import { isPastTense, withoutVersionSuffix, words } from '../validate/naming.js';

/**
 * Names that follow the naming conventions, from names that do not: an event in the past tense
 * (`OrderPlace` → `OrderPlaced`, `OrderPlacement` → `OrderPlaced`, `ShipOrder` → `OrderShipped`),
 * a command in the imperative (`OrderPlaced` → `PlaceOrder`, `PlacingOrder` → `PlaceOrder`).
 * Simple English rules and a few tables of irregular words: a suggestion, which the quick fix
 * offers only when the validator would accept it.
 */

/** Irregular verbs: the base form and the past participle the validator knows. */
const IRREGULAR: Record<string, string> = {
  begin: 'begun', buy: 'bought', bind: 'bound', break: 'broken', bring: 'brought', build: 'built', catch: 'caught',
  choose: 'chosen', come: 'come', cut: 'cut', deal: 'dealt', do: 'done', draw: 'drawn', drive: 'driven', feed: 'fed',
  feel: 'felt', flee: 'fled', forget: 'forgotten', find: 'found', freeze: 'frozen', give: 'given', go: 'gone',
  get: 'got', hide: 'hidden', hit: 'hit', hang: 'hung', hold: 'held', keep: 'kept', know: 'known', lay: 'laid',
  lead: 'led', leave: 'left', lend: 'lent', let: 'let', lose: 'lost', make: 'made', mean: 'meant', meet: 'met',
  overdraw: 'overdrawn', pay: 'paid', put: 'put', quit: 'quit', read: 'read', rebuild: 'rebuilt', reset: 'reset',
  rise: 'risen', run: 'run', say: 'said', see: 'seen', send: 'sent', set: 'set', shake: 'shaken', shed: 'shed',
  show: 'shown', shut: 'shut', sell: 'sold', split: 'split', spend: 'spent', speak: 'spoken', spin: 'spun',
  steal: 'stolen', strike: 'struck', stick: 'stuck', sweep: 'swept', take: 'taken', teach: 'taught', think: 'thought',
  throw: 'thrown', tell: 'told', tear: 'torn', undo: 'undone', uphold: 'upheld', withdraw: 'withdrawn',
  withhold: 'withheld', win: 'won', wake: 'woken', wear: 'worn', write: 'written',
};

/** Past forms back to their base: the participles above and the simple past forms that differ. */
const IRREGULAR_BASE: Record<string, string> = {
  ...Object.fromEntries(Object.entries(IRREGULAR).filter(([base, past]) => base !== past).map(([base, past]) => [past, base])),
  took: 'take', gave: 'give', wrote: 'write', chose: 'choose', drove: 'drive', broke: 'break', froze: 'freeze',
  spoke: 'speak', stole: 'steal', woke: 'wake', rose: 'rise', shook: 'shake', threw: 'throw', tore: 'tear',
  wore: 'wear', drew: 'draw', withdrew: 'withdraw', overdrew: 'overdraw', began: 'begin', ran: 'run', came: 'come',
  went: 'go', did: 'do', saw: 'see', knew: 'know', hid: 'hide', undid: 'undo', come: 'come',
};

/** Verbs that double their last consonant though they have more than one syllable (submitted, cancelled). */
const DOUBLING = new Set([
  'submit', 'commit', 'admit', 'permit', 'emit', 'omit', 'transmit', 'refer', 'transfer', 'prefer', 'defer', 'confer',
  'occur', 'incur', 'recur', 'cancel', 'travel', 'label', 'model', 'signal', 'level', 'total', 'fuel', 'control',
  'patrol', 'compel', 'expel', 'propel', 'regret', 'equip', 'rebut', 'enrol', 'fulfil', 'format',
]);

/** Nouns of an action, and their verb: `OrderCancellation` reads as `OrderCancelled`. */
const NOUN_VERBS: Record<string, string> = {
  creation: 'create', registration: 'register', cancellation: 'cancel', validation: 'validate', activation: 'activate',
  deactivation: 'deactivate', verification: 'verify', notification: 'notify', modification: 'modify',
  application: 'apply', allocation: 'allocate', calculation: 'calculate', generation: 'generate', migration: 'migrate',
  integration: 'integrate', termination: 'terminate', expiration: 'expire', expiry: 'expire', submission: 'submit',
  admission: 'admit', permission: 'permit', conversion: 'convert', extension: 'extend', decision: 'decide',
  revision: 'revise', suspension: 'suspend', completion: 'complete', deletion: 'delete', addition: 'add',
  reception: 'receive', receipt: 'receive', approval: 'approve', removal: 'remove', renewal: 'renew',
  withdrawal: 'withdraw', arrival: 'arrive', refusal: 'refuse', dismissal: 'dismiss', proposal: 'propose',
  rental: 'rent', referral: 'refer', disposal: 'dispose', reversal: 'reverse', retrieval: 'retrieve', denial: 'deny',
  failure: 'fail', closure: 'close', departure: 'depart', exposure: 'expose', disclosure: 'disclose',
  acceptance: 'accept', issuance: 'issue', clearance: 'clear', compliance: 'comply', assurance: 'assure',
  maintenance: 'maintain', occurrence: 'occur', delivery: 'deliver', recovery: 'recover', discovery: 'discover',
  sale: 'sell', loss: 'lose', entry: 'enter', estimation: 'estimate', installation: 'install', simulation: 'simulate',
  operation: 'operate', translation: 'translate', consideration: 'consider', combination: 'combine',
  examination: 'examine', determination: 'determine', donation: 'donate', rotation: 'rotate', location: 'locate',
  invitation: 'invite', limitation: 'limit', presentation: 'present', transformation: 'transform',
  declaration: 'declare', compilation: 'compile', exploration: 'explore', organization: 'organize',
  action: 'act', selection: 'select', collection: 'collect', correction: 'correct', election: 'elect',
  connection: 'connect', inspection: 'inspect', protection: 'protect', rejection: 'reject', detection: 'detect',
  deduction: 'deduct', reduction: 'reduce', production: 'produce', introduction: 'introduce', description: 'describe',
  subscription: 'subscribe', prescription: 'prescribe', resolution: 'resolve', solution: 'solve',
  distribution: 'distribute', contribution: 'contribute', execution: 'execute', attribution: 'attribute',
  acquisition: 'acquire', definition: 'define', transition: 'transition', promotion: 'promote', motion: 'move',
};

/** Verbs that lost a final `e` before `-ed` or `-ing` that the rules below cannot tell from the rest. */
const SILENT_E = new Set(['creat', 'recreat', 'stor', 'scor', 'ignor', 'restor', 'explor', 'ador', 'implor', 'snor', 'bor', 'invit', 'excit', 'unit', 'ignit', 'recit']);
const NOT_SILENT_E = new Set(['focus', 'bias', 'canvas', 'bang', 'hang', 'clang']);

/** Leading words that make a name read as a command: `ReserveStock` as an event reads as `StockReserved`. */
const COMMAND_VERBS = new Set([
  'place', 'create', 'add', 'remove', 'update', 'delete', 'cancel', 'ship', 'send', 'open', 'close', 'start', 'stop',
  'register', 'submit', 'approve', 'reject', 'pay', 'charge', 'book', 'reserve', 'confirm', 'assign', 'mark', 'record',
  'release', 'receive', 'prepare', 'dispatch', 'deliver', 'complete', 'publish', 'archive', 'activate', 'deactivate',
  'change', 'set', 'enable', 'disable', 'schedule', 'request', 'accept', 'decline', 'refund', 'withdraw', 'deposit',
  'transfer', 'issue', 'grant', 'revoke', 'invite', 'join', 'leave', 'rename', 'move', 'check', 'sign', 'log', 'post',
  'upload', 'finish', 'begin', 'end', 'resume', 'pause', 'renew', 'expire', 'apply', 'verify', 'validate', 'report',
]);

const PARTICLES = new Set(['out', 'in', 'up', 'down', 'off', 'on', 'over', 'back', 'away']);
const VOWELS = /[aeiou]/;

/** The name split into words as written, keeping every character (`SendSMS2` → Send, SMS, 2). */
function segments(name: string): string[] {
  return name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^A-Za-z\d]+/g) ?? [name];
}

/** A word in the case of the word it replaces: `Placed` for `Place`, `placed` for `place`. */
function likeCase(word: string, model: string): string {
  return /^[A-Z]/.test(model) ? word[0]!.toUpperCase() + word.slice(1) : word;
}

const isLetters = (s: string) => /^[A-Za-z]+$/.test(s);

/** Whether a word ends consonant, vowel, consonant, the consonant not w, x or y (`ship`, `plan`). */
function endsCvc(w: string): boolean {
  const n = w.length;
  return n >= 3 && !VOWELS.test(w[n - 3]!) && VOWELS.test(w[n - 2]!) && !VOWELS.test(w[n - 1]!) && !'wxy'.includes(w[n - 1]!);
}

function syllables(w: string): number {
  return (w.match(/[aeiouy]+/g) ?? []).length;
}

/** The past participle of a verb in its base form. */
export function pastOf(verb: string): string {
  const v = verb.toLowerCase();
  if (IRREGULAR[v]) return IRREGULAR[v]!;
  if (v.endsWith('e')) return `${v}d`;
  if (/[^aeiou]y$/.test(v)) return `${v.slice(0, -1)}ied`;
  if (DOUBLING.has(v) || (syllables(v) === 1 && endsCvc(v))) return `${v}${v[v.length - 1]}ed`;
  return `${v}ed`;
}

/**
 * The base form of a verb from what is left of it once `-ed` or `-ing` is taken off: a doubled
 * consonant undone (`shipp` → `ship`), a silent `e` given back (`plac` → `place`).
 */
function baseFromStem(stem: string): string {
  const s = stem;
  const n = s.length;
  if (n < 2) return s;
  if (IRREGULAR[`${s}e`]) return `${s}e`;
  if (IRREGULAR[s]) return s;
  const last = s[n - 1]!;
  if (last === s[n - 2] && !VOWELS.test(last)) {
    const single = s.slice(0, -1);
    if (last === 'l') return DOUBLING.has(single) ? single : s;
    if ('sfz'.includes(last)) return s;
    return endsCvc(single) ? single : s;
  }
  if (NOT_SILENT_E.has(s)) return s;
  if (SILENT_E.has(s)) return `${s}e`;
  // A consonant at `n - i` (`qu` counts as one: requir(ed), acquir(ed)).
  const c = (i: number) => n - i >= 0 && (!VOWELS.test(s[n - i]!) || (s[n - i] === 'u' && s[n - i - 1] === 'q'));
  if ('cvuz'.includes(last) || s.endsWith('dg') || s.endsWith('rg') || s.endsWith('lg')) return `${s}e`;
  if (s.endsWith('e')) return `${s}e`; // agre(ed), fre(ed)
  if (last === 's') return `${s}e`;
  if (/(ang|eng)$/.test(s) && n >= 5) return `${s}e`;
  if (/[bcdfgkptz]l$/.test(s) || s.endsWith('ul')) return `${s}e`;
  if (/(let|iat|uat)$/.test(s)) return `${s}e`;
  if (/(at|ut|ot|id|ud|od|ir|ur|ar|in|um|ap|ok|ik)$/.test(s) && c(3)) return `${s}e`;
  if (syllables(s) === 1 && endsCvc(s)) return `${s}e`;
  return s;
}

/** The base form of a verb written in the past (`placed`, `paid`, `shipped`), or undefined. */
export function baseOfPast(word: string): string | undefined {
  const w = word.toLowerCase();
  if (IRREGULAR_BASE[w]) return IRREGULAR_BASE[w];
  if (!w.endsWith('ed') || w.length <= 3) return undefined;
  if (w.endsWith('ied') && w.length > 4) return `${w.slice(0, -3)}y`;
  return baseFromStem(w.slice(0, -2));
}

/** The base form of a verb written with `-ing` (`placing`, `shipping`), or undefined. */
export function baseOfGerund(word: string): string | undefined {
  const w = word.toLowerCase();
  if (!w.endsWith('ing') || w.length <= 4) return undefined;
  return baseFromStem(w.slice(0, -3));
}

/** The verb (and its particle) an action noun stands for: `placement` → place, `checkout` → check out. */
function verbOfNoun(word: string): string[] | undefined {
  const w = word.toLowerCase();
  if (w === 'checkout') return ['check', 'out'];
  if (w === 'signup') return ['sign', 'up'];
  if (NOUN_VERBS[w]) return [NOUN_VERBS[w]!];
  if (w.endsWith('ment') && w.length > 6) return [w.slice(0, -4)];
  if (w.endsWith('ation') && w.length > 7) {
    const stem = w.slice(0, -5);
    return [stem.length <= 3 || VOWELS.test(stem[stem.length - 1]!) ? `${stem}ate` : baseFromStem(stem)];
  }
  return undefined;
}

/** Whether the validator reads an event name as past tense (its last word before any particle). */
export function readsAsEvent(name: string): boolean {
  const w = words(withoutVersionSuffix(name));
  let i = w.length - 1;
  while (i > 0 && PARTICLES.has(w[i]!)) i--;
  const verb = w[i];
  return verb === undefined || isPastTense(verb);
}

/** Whether the validator reads a command name as an imperative (see checkNamingConventions). */
export function readsAsCommand(name: string, aggregate?: string): boolean {
  const w = words(name);
  const first = w[0] ?? '';
  const v = words(withoutVersionSuffix(name));
  let i = v.length - 1;
  while (i > 0 && PARTICLES.has(v[i]!)) i--;
  const last = v[i] ?? '';
  const subjectFirst = aggregate !== undefined && words(aggregate)[0] === first && w.length > 1 && isPastTense(last);
  return !(isPastTense(first) || first.endsWith('ing') || subjectFirst);
}

/**
 * An event name in the past tense for one that is not, or undefined when the rules find none.
 * `aggregate` helps tell a name written like a command (`ShipOrder` of `Order`).
 */
export function pastTenseName(name: string, aggregate?: string): string | undefined {
  const core = withoutVersionSuffix(name);
  const suffix = name.slice(core.length);
  let segs = segments(core);
  // `OrderPlacedEvent`: the kind of element is not part of its name.
  if (segs.length > 1 && /^event$/i.test(segs[segs.length - 1]!)) {
    segs = segs.slice(0, -1);
    if (readsAsEvent(segs.join(''))) return finish(segs.join('') + suffix, name);
  }
  const lower = segs.map((s) => s.toLowerCase());
  const letterIdx = lower.map((s, i) => (isLetters(s) ? i : -1)).filter((i) => i >= 0);
  if (letterIdx.length === 0) return undefined;
  // Written like a command, verb first: the verb (and its particles) goes last, in the past.
  const first = letterIdx[0]!;
  const aggregateLast = aggregate ? words(aggregate).pop() : undefined;
  const rest = letterIdx.filter((i) => i > first && !PARTICLES.has(lower[i]!));
  if (rest.length > 0 && !isPastTense(lower[first]!) && (COMMAND_VERBS.has(lower[first]!) || (aggregateLast !== undefined && lower[segs.length - 1] === aggregateLast && lower[first] !== aggregateLast))) {
    let end = first + 1;
    while (end < segs.length && PARTICLES.has(lower[end]!)) end++;
    const subject = segs.slice(end);
    if (subject.length > 0 && subject.some(isLetters)) {
      const verb = likeCase(pastOf(lower[first]!), segs[first]!);
      const particles = segs.slice(first + 1, end).map((p) => likeCase(p.toLowerCase(), 'X'));
      return finish([...segs.slice(0, first), ...subject.map((s, i) => (i === 0 ? likeCase(s, 'X') : s)), verb, ...particles].join('') + suffix, name);
    }
  }
  // Otherwise the last word (before any particle) is the verb, or the noun of the action.
  let i = letterIdx[letterIdx.length - 1]!;
  while (i > first && PARTICLES.has(lower[i]!)) i--;
  const word = lower[i]!;
  let replacement: string[];
  const fromNoun = verbOfNoun(word);
  const fromGerund = baseOfGerund(word);
  if (fromNoun) replacement = [pastOf(fromNoun[0]!), ...fromNoun.slice(1)];
  else if (fromGerund) replacement = [pastOf(fromGerund)];
  else if (isPastTense(word)) return undefined;
  else replacement = [pastOf(word)];
  const written = replacement.map((r, k) => likeCase(r, k === 0 ? segs[i]! : 'X'));
  return finish([...segs.slice(0, i), ...written, ...segs.slice(i + 1)].join('') + suffix, name);
}

/** A command name in the imperative for one that reads as an event or an activity, or undefined. */
export function imperativeName(name: string, aggregate?: string): string | undefined {
  const segs = segments(name);
  const lower = segs.map((s) => s.toLowerCase());
  const letterIdx = lower.map((s, i) => (isLetters(s) ? i : -1)).filter((i) => i >= 0);
  if (letterIdx.length === 0) return undefined;
  const first = letterIdx[0]!;
  const firstWord = lower[first]!;
  // `PlacedOrder`, `PlacingOrder`: the first word becomes the base form.
  const base = isPastTense(firstWord) ? baseOfPast(firstWord) : baseOfGerund(firstWord);
  if (base && base !== firstWord) {
    return finishCommand([...segs.slice(0, first), likeCase(base, segs[first]!), ...segs.slice(first + 1)].join(''), name, aggregate);
  }
  // `OrderPlaced`, `CartCheckedOut`: the verb (with its particles) goes first, in the base form.
  const core = withoutVersionSuffix(name);
  const coreSegs = segments(core);
  const suffix = name.slice(core.length);
  const cl = coreSegs.map((s) => s.toLowerCase());
  let end = coreSegs.length;
  let v = end - 1;
  while (v > 0 && PARTICLES.has(cl[v]!)) v--;
  const verbBase = baseOfPast(cl[v]!);
  if (!verbBase || v === 0) return undefined;
  const particles = coreSegs.slice(v + 1, end).map((p) => likeCase(p.toLowerCase(), 'X'));
  const subject = coreSegs.slice(0, v);
  return finishCommand([likeCase(verbBase, 'X'), ...particles, ...subject].join('') + suffix, name, aggregate);
}

function finish(candidate: string, original: string): string | undefined {
  return candidate !== original && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(candidate) && readsAsEvent(candidate) ? candidate : undefined;
}

function finishCommand(candidate: string, original: string, aggregate: string | undefined): string | undefined {
  return candidate !== original && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(candidate) && readsAsCommand(candidate, aggregate) ? candidate : undefined;
}
