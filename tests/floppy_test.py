#!/usr/bin/env python3
"""Meson tests "floppy-pc", "floppy-q35": the floppy suite on real (emulated) hardware.

Copies the pristine image (tests/make_floppy_image.py) so every run starts
from it and the build's copy is never written; boots the kernel on -M pc
(or q35, which has a controller only when a floppy drive is given) with
the copy as drive A: through tests/runner.py, and passes the runner's TAP
through. Then adds two results of its own: no floppy case but no_disk was
skipped (a missing drive or disk must not pass quietly), and the sectors
the kernel wrote hold the written pattern while all others are pristine.
"""
import argparse
import contextlib
import io
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_floppy_image  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--kernel', required=True)
    p.add_argument('--image', required=True, help='the pristine image')
    p.add_argument('--logdir', required=True)
    p.add_argument('--name', default='floppy-pc')
    p.add_argument('--suites', default='isa_dma,floppy')
    p.add_argument('--machine', default='pc', choices=['pc', 'q35'])
    args = p.parse_args()

    os.makedirs(args.logdir, exist_ok=True)
    work = os.path.join(args.logdir, args.name + '.img')
    shutil.copyfile(args.image, work)
    cmd = [sys.executable, os.path.join(HERE, 'runner.py'), '--kernel', args.kernel,
           '--cmdline', 'ktest=' + args.suites, '--machine', args.machine, '--memory', '128M',
           '--drive', f'file={work},if=floppy,format=raw', '--timeout', '300',
           '--logdir', args.logdir, '--name', args.name]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    count, skipped = 0, []
    for line in proc.stdout:
        line = line.rstrip('\n')
        if re.fullmatch(r'1\.\.\d+', line):
            count = int(line[3:])
            continue
        if re.match(r'(not )?ok \d+ ', line):
            count = max(count, int(line.split()[1 if line.startswith('ok') else 2]))
            if '# SKIP' in line and ' floppy.' in line and 'floppy.no_disk' not in line:
                skipped.append(line)
        print(line, flush=True)
    status = proc.wait()

    ok = not skipped
    print(f'{"ok" if ok else "not ok"} {count + 1} floppy-cases-not-skipped', flush=True)
    for line in skipped:
        print(f'# skipped with the image attached: {line}')
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        check = make_floppy_image.check(work)
    for line in out.getvalue().splitlines():
        print('# ' + line)
    print(f'{"ok" if check == 0 else "not ok"} {count + 2} floppy-image-written-sectors',
          flush=True)
    print(f'1..{count + 2}', flush=True)
    return 0 if status == 0 and ok and check == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
