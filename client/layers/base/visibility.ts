export const visibility = (visible: boolean) => (visible ? 'visible' : 'none') as 'visible' | 'none';
