'use strict';
// A worker entry with a syntax error: the sync bridge must report it at once instead of hanging.
module.exports = { serve( };
