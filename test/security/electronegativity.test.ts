import { describe, expect, it } from 'vitest';
import {
  BLOCKING_SEVERITIES,
  runElectronegativity,
  scannerInstalled,
} from './electronegativityScan';

describe('electronegativity over the Electron shell', () => {
  it.skipIf(!scannerInstalled())(
    'reports no high or critical finding',
    () => {
      const findings = runElectronegativity();
      // The scanner really ran: it always reviews the CSP and the window constructor.
      expect(findings.some((f) => f.check === 'CSP_GLOBAL_CHECK')).toBe(true);
      const blocking = findings.filter((f) => BLOCKING_SEVERITIES.includes(f.severity));
      expect(blocking).toEqual([]);
    },
    120_000,
  );
});
