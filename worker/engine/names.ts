/**
 * Container names the Docker way: a given name must match
 * `[a-zA-Z0-9][a-zA-Z0-9_.-]+`; otherwise one is generated as
 * `adjective_noun` from an injected random source.
 */
import { OrcError } from '../../common/errors.js';

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

const ADJECTIVES = [
  'admiring', 'agitated', 'amazing', 'angry', 'awesome', 'beautiful', 'blissful', 'bold', 'brave', 'busy',
  'charming', 'clever', 'compassionate', 'competent', 'confident', 'cool', 'dazzling', 'determined', 'distracted',
  'dreamy', 'eager', 'ecstatic', 'elastic', 'elated', 'elegant', 'eloquent', 'epic', 'exciting', 'fervent',
  'festive', 'flamboyant', 'focused', 'friendly', 'frosty', 'funny', 'gallant', 'gifted', 'goofy', 'gracious',
  'great', 'happy', 'hardcore', 'heuristic', 'hopeful', 'hungry', 'infallible', 'inspiring', 'intelligent',
  'interesting', 'jolly', 'jovial', 'keen', 'kind', 'laughing', 'loving', 'lucid', 'magical', 'modest',
  'musing', 'mystifying', 'naughty', 'nervous', 'nice', 'nifty', 'nostalgic', 'objective', 'optimistic',
  'peaceful', 'pedantic', 'pensive', 'practical', 'priceless', 'quirky', 'quizzical', 'relaxed', 'reverent',
  'romantic', 'serene', 'sharp', 'silly', 'sleepy', 'stoic', 'strange', 'stupefied', 'suspicious', 'sweet',
  'tender', 'thirsty', 'trusting', 'upbeat', 'vibrant', 'vigilant', 'vigorous', 'wizardly', 'wonderful',
  'xenodochial', 'youthful', 'zealous', 'zen',
];

/** Scientists and engineers, as Docker's generator honours them. */
const NOUNS = [
  'agnesi', 'albattani', 'allen', 'almeida', 'archimedes', 'ardinghelli', 'babbage', 'banach', 'bardeen',
  'bartik', 'bell', 'bhabha', 'blackwell', 'bohr', 'booth', 'borg', 'bose', 'brahmagupta', 'brattain', 'brown',
  'carson', 'chandrasekhar', 'clarke', 'colden', 'cori', 'curie', 'darwin', 'davinci', 'dijkstra', 'einstein',
  'elion', 'engelbart', 'euclid', 'euler', 'fermat', 'fermi', 'feynman', 'franklin', 'galileo', 'gauss',
  'germain', 'goldberg', 'goodall', 'haibt', 'hamilton', 'hawking', 'heisenberg', 'hermann', 'hertz', 'hodgkin',
  'hopper', 'hypatia', 'jackson', 'jang', 'jennings', 'johnson', 'joliot', 'kalam', 'keller', 'kepler',
  'khorana', 'kilby', 'knuth', 'kowalevski', 'lalande', 'lamarr', 'leakey', 'leavitt', 'lovelace', 'lumiere',
  'mahavira', 'mayer', 'mccarthy', 'mclean', 'meitner', 'mendel', 'mirzakhani', 'montalcini', 'moore', 'morse',
  'napier', 'newton', 'nobel', 'noether', 'noyce', 'pare', 'pascal', 'pasteur', 'payne', 'perlman', 'pike',
  'poincare', 'ptolemy', 'raman', 'ramanujan', 'ritchie', 'rosalind', 'sammet', 'shannon', 'shockley',
  'sinoussi', 'stonebraker', 'swartz', 'tesla', 'thompson', 'torvalds', 'turing', 'varahamihira', 'volhard',
  'wescoff', 'wilbur', 'williams', 'wing', 'wozniak', 'wright', 'yalow', 'yonath',
];

/** Checks a user-given name (a leading '/' is Docker's and is dropped). */
export function validName(raw: string): string {
  const name = raw.startsWith('/') ? raw.slice(1) : raw;
  if (!NAME.test(name)) {
    throw new OrcError('ORC_USAGE', `--name: invalid container name "${raw}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed, at least 2 characters`);
  }
  return name;
}

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length) % list.length] as T;
}

/** A free `adjective_noun` name; after a few collisions a digit is appended, as Docker does. */
export function generateName(taken: (name: string) => boolean, random: () => number): string {
  for (let attempt = 0; ; attempt++) {
    let name = `${pick(ADJECTIVES, random)}_${pick(NOUNS, random)}`;
    if (attempt >= 3) name += String(Math.floor(random() * 10) + attempt);
    if (!taken(name)) return name;
  }
}
