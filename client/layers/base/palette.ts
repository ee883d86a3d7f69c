/** Base map colours: a light, quiet ground so that accidents carry the colour. */
export const PALETTE = {
  outside: '#e4e7eb',
  land: '#f5f3ee',
  countyLine: '#8e7fa6',
  countyHalo: '#ddd3ea',
  townshipLine: '#b8b0a2',
  labelText: '#3b3f46',
  labelMinor: '#4a515b',
  labelVillage: '#80868f',
  labelHalo: 'rgba(255, 255, 255, 0.92)',
  seatDot: '#ffffff',
  seatDotStroke: '#5a5f6a',
} as const;
