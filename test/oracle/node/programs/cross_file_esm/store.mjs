const data = new Map();

export function save(key, value) {
  data.set(key, value);
}

process.on('exit', () => {
  console.log(`store: persisting ${data.size} keys`);
});
