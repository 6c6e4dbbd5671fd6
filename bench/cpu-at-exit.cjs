// Preloaded (`node -r`) into each process bench/cli.mjs starts: at exit, the
// process's own CPU time (user + system, since the process started) goes to
// stderr on a marked line. CPU time moves less than wall time on a busy machine.
process.on('exit', () => {
  const u = process.cpuUsage();
  process.stderr.write(`\nbench-cpu-us ${u.user + u.system}\n`);
});
