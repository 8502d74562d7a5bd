import { COMPARE_QUANTITIES, compareQuantity, type CompareQuantity } from './compareQuantities';

/** How a panel tells its parts apart when every run has one colour: by the line's dash. */
export type LineStyle = 'solid' | 'dashed' | 'dotted';

/** One stored quantity drawn in a panel, with the name and dash it is drawn with. */
export interface PanelPart {
  readonly quantity: CompareQuantity;
  /** Short name in tooltips and the legend note ("pristine probe"); '' for a single part. */
  readonly name: string;
  readonly style: LineStyle;
}

/**
 * What one dashboard panel draws for every selected run: one stored quantity, or a few of the
 * same unit side by side (train/pristine/corrupt probes; pristine vs corrupt accuracy), each
 * run in its colour and each part in its dash.
 */
export interface PanelQuantity {
  readonly id: string;
  readonly label: string;
  readonly yName: string;
  readonly parts: readonly PanelPart[];
  /** m-coherence panels draw the line m-coherence = 1 (orthogonal gradients). */
  readonly referenceAtOne: boolean;
  /** Legends name each run's probe size m when the panel's scale depends on it. */
  readonly namesProbeM: boolean;
  /** Accuracies are drawn on [0, 1]. */
  readonly unitRange: boolean;
}

const STYLES: readonly LineStyle[] = ['solid', 'dashed', 'dotted'];

function composite(
  id: string,
  label: string,
  yName: string,
  parts: ReadonlyArray<readonly [quantityId: string, name: string]>,
): PanelQuantity {
  const quantities = parts.map(([q]) => compareQuantity(q));
  return {
    id,
    label,
    yName,
    parts: parts.map(([, name], i) => ({ quantity: quantities[i], name, style: STYLES[i] })),
    referenceAtOne: quantities.some((q) => q.referenceAtOne),
    namesProbeM: quantities.some((q) => q.namesProbeM),
    unitRange: id.startsWith('accuracy'),
  };
}

const single = (q: CompareQuantity): PanelQuantity => ({
  id: q.id,
  label: q.label,
  yName: q.label.split(',')[0],
  parts: [{ quantity: q, name: '', style: 'solid' }],
  referenceAtOne: q.referenceAtOne,
  namesProbeM: q.namesProbeM,
  unitRange: q.id.startsWith('accuracy'),
});

/** Every quantity a panel can show: the side-by-side groups first, then each stored quantity. */
export const PANEL_QUANTITIES: readonly PanelQuantity[] = [
  composite(
    'coherence/train+pristine+corrupt',
    'probe m-coherence (α/α⊥): train, pristine and corrupt probes',
    'probe m-coherence (α/α⊥)',
    [
      ['coherence/train', 'train probe'],
      ['coherence/pristine', 'pristine probe'],
      ['coherence/corrupt', 'corrupt probe'],
    ],
  ),
  composite(
    'accuracy/pristine+corrupt',
    'train accuracy: pristine vs corrupt examples (training labels)',
    'accuracy',
    [
      ['accuracy/pristine', 'pristine'],
      ['accuracy/corrupt', 'corrupt (memorized)'],
    ],
  ),
  composite('loss/train+test', 'loss: train and test', 'loss', [
    ['loss/train', 'train'],
    ['loss/test', 'test'],
  ]),
  ...COMPARE_QUANTITIES.map(single),
];

/** The panels a dashboard starts with (issue 16): coherence, test acc, memorization, loss, batch. */
export const DEFAULT_PANEL_QUANTITIES: readonly string[] = [
  'coherence/train+pristine+corrupt',
  'accuracy/test',
  'accuracy/pristine+corrupt',
  'loss/train+test',
  'batchCoherence/batch',
];

/** The panel quantity with this id, or null for an id this version does not know. */
export function panelQuantity(id: string): PanelQuantity | null {
  return PANEL_QUANTITIES.find((q) => q.id === id) ?? null;
}
