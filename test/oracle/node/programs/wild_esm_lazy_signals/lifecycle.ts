type Task = () => void;
const tasks = new Map<string, Task>();
export function registerShutdown(name: string, task: Task): void {
  tasks.set(name, task);
}
export function shutdownAll(): void {
  for (const [name, t] of tasks) { console.log('stopping', name); t(); }
}
process.on('exit', shutdownAll);
