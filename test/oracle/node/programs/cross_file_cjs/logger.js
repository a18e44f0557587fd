'use strict';
const lines = [];

function info(msg) {
  lines.push(msg);
}

process.on('exit', () => {
  console.log(lines.join('\n'));
});

module.exports = { info };
