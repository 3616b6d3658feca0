import { plural } from './plural.js';

/** Text datasets and text models, on every screen. */
export const TEXT_STRINGS = {
  /** Text datasets and text models (#14). */
  text: {
    texts: (n: number) => plural(n, 'text'),
    embedding: (done: number, total: number, rate: number) =>
      `Running the sentence encoder over the texts: ${done}/${total} (${rate.toFixed(0)} texts/s)`,
    summary: (texts: number, skipped: number, classes: number) =>
      `${plural(texts, 'text')} in ${plural(classes, 'class', 'classes')} · ${plural(skipped, 'file')} skipped`,
    snippetsLabel: (name: string) => `Examples of ${name}`,
    columnsTitle: (table: string) => `Columns of ${table}`,
    columnsNeeded:
      'The app cannot tell which column holds the text and which the label. Choose them, then read the table.',
    textColumn: 'Text column',
    labelColumn: 'Label column',
    readColumns: 'Read with these columns',
    baseTitle: 'Base model for texts',
    baseHelp:
      'Your texts go through a pretrained sentence encoder; a new head learns your classes from what it outputs.',
    frozen: 'Frozen: a graph model cannot be fine-tuned, so only the new head trains (no phase 2).',
    params: (n: number) => `${n.toLocaleString()} parameters, none of them trained`,
    noBase: 'The text encoder is not installed; reinstall the app.',
    tryTitle: 'Try your model on a text',
    tryLabel: 'Type or paste a text',
    tryHint: 'The bars follow as you type.',
    mistakeProbabilities: (actual: string, predicted: string) =>
      `true ${actual}, predicted ${predicted}`,
    accuracy: (a: number, n: number) => `${(a * 100).toFixed(1)}% right on ${n} validation texts`,
    perClass: ['Class', 'Precision', 'Recall', 'F1', 'Texts'],
    cellHint: 'Select a cell to see its texts.',
    cellTitle: (actual: string, predicted: string, n: number) =>
      `True: ${actual} · Predicted: ${predicted} — ${plural(n, 'text')}`,
    allMistakes: (n: number) => `Mistakes (${n})`,
    noTexts: 'No texts in this cell.',
    moveTo: (name: string) => `Move to ${name}`,
    moved: (name: string) => `Moved to ${name}`,
    noFineTuning:
      'Texts train only the new head: the sentence encoder is a frozen graph model, so there is no fine-tuning (phase 2) and no augmented views.',
    listedOnly: (shown: number, total: number) =>
      `The engine listed ${shown} of these ${total} texts (the most confident mistakes).`,
    sourceLabel: 'Texts evaluated',
    validationSource: 'Validation texts',
    otherFolderPath:
      'Or type the path of a test folder (one sub-folder of texts per class) or table',
    evaluatingFolder: (label: string) => `Running the model on every text of ${label}…`,
    accuracyOnFolder: (a: number, n: number, label: string) =>
      `${(a * 100).toFixed(1)}% right on ${n} texts of ${label} (not the validation texts)`,
    folderNoKnownTexts: (label: string, classes: readonly string[]) =>
      `${label} has no texts in a class this model knows. Its classes must be named like the model's: ${classes.join(', ')}.`,
    /** "Where it looked" for texts: word occlusion (#14). */
    showWhere: 'Show where it looked',
    whereButton: 'Where it looked',
    hideWhere: 'Hide where it looked',
    whereHint:
      'Each word is taken out in turn and the text run again: a word is tinted by how much the probability changes without it.',
    lookedTitle: (className: string, probability: number) =>
      `Where it looked for ${className} (${(probability * 100).toFixed(1)}%)`,
    legendToward: (className: string) => `Blue, solid underline: pushed toward ${className}`,
    legendAway: (className: string) => `Orange, dashed underline: pushed away from ${className}`,
    legendDepth: 'Deeper colour: a bigger change when the word is taken out.',
    mostImportant: (className: string, words: string) =>
      `Most important words for ${className}: ${words}.`,
    pushedAway: (className: string, words: string) =>
      `Words that pushed away from ${className}: ${words}.`,
    noWordMattered:
      'No single word changed the probability by a tenth of a point or more: the model reads this text as a whole.',
    noWords: 'This text has no words to weigh.',
    capped: (weighed: number, total: number) =>
      `Only the first ${weighed} of ${total} words were weighed; the rest are not tinted.`,
    wordLabel: (word: string, points: string, className: string) =>
      `${word}: ${points} points for ${className}`,
    excerptNote:
      'Weighed on the excerpt shown here, not the whole text, so its probability may differ from the card’s.',
  },
} as const;
