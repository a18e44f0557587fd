// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// An app whose modules register their own cleanup when first required.
'use strict';
const logger = require('./logger');
const db = require('./db');
require('./logger'); // cached: registers nothing again

db.connect('postgres://localhost/app');
logger.info('app started');

process.on('exit', () => logger.info('app exit'));
