import { createRequire } from 'node:module';

/**
 * Noto Sans SC (SIL Open Font License), regular and bold, from @expo-google-fonts/noto-sans-sc:
 * the briefing's PDF embeds it (subset) and its map image is drawn with it, so Chinese reads the
 * same on a machine with no CJK fonts installed. Chosen because it is the one npm package that
 * ships the full face as TrueType (the web-font packages split it into unicode-range pieces).
 */
const require = createRequire(import.meta.url);
export const FONT_REGULAR = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
export const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');
export const FONT_FAMILY = 'Noto Sans SC';
