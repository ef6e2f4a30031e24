'use strict';
// A wedged worker entry: takes requests and never answers, so only the caller's backstop can end the wait.
module.exports = {
  serve(port) {
    port.on('message', () => undefined);
  },
};
