import { onExit } from 'signal-exit';
export const close = (): void => console.log('db closed');
onExit(() => console.log('db onExit'));
