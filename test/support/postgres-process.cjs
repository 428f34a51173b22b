// A real PostgreSQL a fault test owns: `node postgres-process.cjs <dir> <port>` starts the
// embedded server on that folder and port (initialised on first use), prints "ready", and on
// SIGTERM stops it (a fast shutdown: every connection gets 57P01) and exits. A child process of
// its own, from compiled code, so that the test can stop and start it as a real server's outage.
const { startEmbeddedPostgres } = require('../../subgraphs/common/dist/index.js');

const [dir, port] = process.argv.slice(2);
startEmbeddedPostgres({ dir, port: Number(port), database: 'passerelle_fault' }).then(
  (server) => {
    process.stdout.write('ready\n');
    process.once('SIGTERM', () => {
      server.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  },
  (error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
