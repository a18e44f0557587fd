// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// Registration shapes seen in real CLIs: a platform-dependent signal name, `on` bound once and
// reused, a destructured method invoked with .call, Reflect.apply from a generic helper.
'use strict';

const isWindows = process.platform === 'win32';
process.on(isWindows ? 'SIGBREAK' : 'SIGTERM', () => {
  console.log('terminating');
  process.exit(143);
});

const on = process.on.bind(process);
on('exit', () => console.log('bound on'));

const { addListener } = process;
addListener.call(process, 'exit', () => console.log('destructured + call'));

function subscribe(target, method, args) {
  return Reflect.apply(target[method], target, args);
}
subscribe(process, 'once', ['exit', () => console.log('reflect')]);

process.on('exit', (code) => console.log(`plain ${code}`));
