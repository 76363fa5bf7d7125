#!/usr/bin/env python3
"""A stand-in for qemu-system-x86_64, for testing tests/runner.py without a kernel.

runner.py runs it when RUNNER_QEMU names it.  It accepts any QEMU arguments
and behaves as the environment says:

  FAKE_QEMU_SERIAL  path of a file whose bytes are "the serial console": copied
                    to stdout (where -serial stdio would put them)
  FAKE_QEMU_EXIT    exit status afterwards (default 33, as after the kernel
                    wrote 0x10 to isa-debug-exit)
  FAKE_QEMU_HANG    "1": after the serial output, sleep until killed
  FAKE_QEMU_DEBUG   text appended to the -D log file (e.g. "Triple fault\\n",
                    which QEMU 7.2 writes there with -d cpu_reset -no-reboot)
  FAKE_QEMU_STDERR  text written to stderr (QEMU's own error messages)
  FAKE_QEMU_ARGV    path of a file to receive the arguments, one per line
"""

import os
import sys
import time


def main():
    argv = sys.argv[1:]
    env = os.environ
    if env.get('FAKE_QEMU_ARGV'):
        with open(env['FAKE_QEMU_ARGV'], 'w') as f:
            f.write('\n'.join(argv) + '\n')
    if '-D' in argv and env.get('FAKE_QEMU_DEBUG'):
        with open(argv[argv.index('-D') + 1], 'a') as f:
            f.write(env['FAKE_QEMU_DEBUG'])
    if env.get('FAKE_QEMU_STDERR'):
        sys.stderr.write(env['FAKE_QEMU_STDERR'])
        sys.stderr.flush()
    if env.get('FAKE_QEMU_SERIAL'):
        with open(env['FAKE_QEMU_SERIAL'], 'rb') as f:
            sys.stdout.buffer.write(f.read())
        sys.stdout.flush()
    if env.get('FAKE_QEMU_HANG') == '1':
        while True:
            time.sleep(3600)
    return int(env.get('FAKE_QEMU_EXIT', '33'))


if __name__ == '__main__':
    sys.exit(main())
