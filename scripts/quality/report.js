// The quality benchmark's summary: per task and recipe, mean accuracy, the spread over seeds and
// the mean wall time, with each recipe's time as a ratio of the reference's (timings are noisy on
// a shared CPU; ratios measured in the same run are what compare).

export function summarize(rows) {
  const groups = new Map();
  for (const row of rows) {
    const key = `${row.task}\u0000${row.recipe}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const summary = [...groups.values()].map((group) => {
    const accuracies = group.map((r) => r.accuracy);
    return {
      task: group[0].task,
      recipe: group[0].recipe,
      seeds: group.length,
      accuracy: mean(accuracies),
      min: Math.min(...accuracies),
      max: Math.max(...accuracies),
      seconds: mean(group.map((r) => r.seconds)),
    };
  });
  for (const row of summary) {
    const reference = summary.find((r) => r.task === row.task && r.recipe === 'reference');
    row.timeVsReference = reference ? row.seconds / reference.seconds : undefined;
    row.pointsVsReference = reference ? 100 * (row.accuracy - reference.accuracy) : undefined;
  }
  return summary;
}

export function printTable(summary, say) {
  say('');
  say(
    'task                  recipe          accuracy  (min–max over seeds)  vs reference  wall s  × reference time',
  );
  for (const r of summary)
    say(
      [
        r.task.padEnd(21),
        r.recipe.padEnd(14),
        `${pct(r.accuracy).padStart(7)}`,
        `  (${pct(r.min)}–${pct(r.max)}, n=${r.seeds})`.padEnd(24),
        `${r.pointsVsReference === undefined ? '' : signed(r.pointsVsReference)}`.padStart(10),
        `${r.seconds.toFixed(1)}`.padStart(9),
        `${r.timeVsReference === undefined ? '' : r.timeVsReference.toFixed(2)}`.padStart(8),
      ].join(' '),
    );
}

function mean(values) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function pct(x) {
  return `${(100 * x).toFixed(1)}%`;
}

function signed(points) {
  return `${points >= 0 ? '+' : ''}${points.toFixed(1)} pt`;
}
