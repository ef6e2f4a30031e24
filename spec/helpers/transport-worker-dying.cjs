'use strict';
// A worker entry that loads fine and then dies on the first request, as a crash would.
module.exports = {
  serve(port) {
    port.on('message', (message) => {
      if (message.type === 'request') process.exit(7);
    });
  },
};
