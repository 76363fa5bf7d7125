#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Build one fuzz target with clang and libFuzzer, run it, report TAP.

The host mm build (the real mm/*.c plus tests/host/mm) is compiled with
clang -fsanitize=fuzzer-no-link,address,undefined into <build-dir>/fuzz-build
(objects are rebuilt only when a source or a header they include changed),
then linked with tests/fuzz/fuzz_<target>.c and -fsanitize=fuzzer.

The run: libFuzzer for --time seconds (FUZZ_TIME in the environment
overrides it; FUZZ_CFLAGS adds compiler flags) over a working corpus in the build directory, seeded with
tests/fuzz/corpus/<target>/ and tests/fuzz/regressions/<target>/. A crash
leaves its input as <build-dir>/fuzz-build/crash-<target>-<sha1>: copy it
to tests/fuzz/regressions/<target>/ so that the replay test in suite 'host'
keeps running it.

Output: TAP, one test; its line carries the figures, e.g.
  ok 1 fuzz-buddy: 123456 executions in 60 s (2057/s), 0 crashes, corpus 321
Usage (as meson runs it):
  run_fuzz.py --target buddy --time 60 --src-root SRC --build-dir DIR -- SOURCES...
"""
import argparse
import concurrent.futures
import hashlib
import os
import re
import shutil
import subprocess
import sys


def find_clang():
    for name in [os.environ.get('CLANG', ''), 'clang', 'clang-16', 'clang-15', 'clang-14']:
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def deps_newer(obj, dep):
    """True if obj is missing or older than anything in its depfile."""
    if not (os.path.exists(obj) and os.path.exists(dep)):
        return True
    t = os.path.getmtime(obj)
    with open(dep) as f:
        text = f.read().replace('\\\n', ' ')
    files = text.split(':', 1)[1].split() if ':' in text else []
    return any(not os.path.exists(p) or os.path.getmtime(p) > t for p in files)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--target', required=True)
    ap.add_argument('--time', type=int, default=60)
    ap.add_argument('--src-root', required=True)
    ap.add_argument('--build-dir', required=True)
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--build-only', action='store_true')
    ap.add_argument('sources', nargs='*')
    args = ap.parse_args()
    seconds = int(os.environ.get('FUZZ_TIME', args.time))
    name = 'fuzz-' + args.target
    print('TAP version 13\n1..1', flush=True)

    clang = find_clang()
    if not clang:
        print(f'not ok 1 {name}: clang not found (tools/deps.sh installs clang libclang-rt-14-dev)')
        return 1
    src = os.path.abspath(args.src_root)
    out = os.path.join(os.path.abspath(args.build_dir), 'fuzz-build')
    objdir = os.path.join(out, 'obj')
    os.makedirs(objdir, exist_ok=True)
    incs = ['tests/host/mm/include', 'kernel/include', 'arch/x86_64/include', 'mm/include',
            'tests/host', 'tests/host/mm']
    cflags = ['-g', '-O1', '-std=gnu11', '-D_GNU_SOURCE', '-include', 'host_rename.h',
              '-fno-strict-aliasing', '-fno-delete-null-pointer-checks',
              '-fno-omit-frame-pointer', '-fno-sanitize-recover=all',
              '-Wno-unused-command-line-argument', '-w']
    cflags += ['-I' + os.path.join(src, i) for i in incs]
    san = 'address,undefined'

    def compile_one(path):
        path = os.path.abspath(os.path.join(os.getcwd(), path)) if not os.path.isabs(path) \
            else path
        tag = hashlib.sha1(path.encode()).hexdigest()[:8]
        obj = os.path.join(objdir, os.path.basename(path)[:-2] + '-' + tag + '.o')
        dep = obj[:-2] + '.d'
        if deps_newer(obj, dep):
            cmd = [clang] + cflags + ['-fsanitize=fuzzer-no-link,' + san, '-MMD', '-MF', dep,
                                      '-c', path, '-o', obj]
            cmd += os.environ.get('FUZZ_CFLAGS', '').split()  # last: may undo a default
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode:
                raise RuntimeError(' '.join(cmd) + '\n' + r.stderr)
        return obj

    sources = [s for s in args.sources if s.endswith('.c')]
    target_src = os.path.join(src, 'tests', 'fuzz', f'fuzz_{args.target}.c')
    try:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
            objs = list(ex.map(compile_one, sources + [target_src]))
    except RuntimeError as e:
        print(f'not ok 1 {name}: build failed')
        for line in str(e).splitlines()[:40]:
            print('# ' + line)
        return 1
    exe = os.path.join(out, name)
    if not os.path.exists(exe) or any(os.path.getmtime(o) > os.path.getmtime(exe) for o in objs):
        r = subprocess.run([clang, '-fsanitize=fuzzer,' + san, '-rdynamic'] + objs +
                           ['-o', exe], capture_output=True, text=True)
        if r.returncode:
            print(f'not ok 1 {name}: link failed')
            for line in r.stderr.splitlines()[:40]:
                print('# ' + line)
            return 1
    if args.build_only:
        print(f'ok 1 {name}: built {exe}')
        return 0

    work = os.path.join(out, 'corpus-' + args.target)
    os.makedirs(work, exist_ok=True)
    seeds = [os.path.join(src, 'tests', 'fuzz', d, args.target) for d in ('corpus', 'regressions')]
    seeds = [d for d in seeds if os.path.isdir(d)]
    log = os.path.join(out, name + '.log')
    cmd = [exe, f'-max_total_time={seconds}', '-print_final_stats=1', '-timeout=20',
           '-rss_limit_mb=4096', '-max_len=4096',
           '-artifact_prefix=' + os.path.join(out, 'crash-' + args.target + '-'), work] + seeds
    env = dict(os.environ, ASAN_OPTIONS='detect_leaks=1:abort_on_error=1',
               UBSAN_OPTIONS='print_stacktrace=1:halt_on_error=1')
    print('# ' + ' '.join(cmd), flush=True)
    with open(log, 'w') as f:
        r = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, env=env)
    text = open(log, errors='replace').read()
    m = re.search(r'stat::number_of_executed_units:\s*(\d+)', text)
    execs = int(m.group(1)) if m else 0
    m = re.search(r'stat::average_exec_per_sec:\s*(\d+)', text)
    rate = int(m.group(1)) if m else 0
    crashes = re.findall(r'Test unit written to (\S+)', text)
    corpus = len(os.listdir(work))
    figures = (f'{execs} executions in {seconds} s ({rate}/s), {len(crashes)} crashes, '
               f'corpus {corpus}')
    print(f'# executions: {execs}')
    if r.returncode == 0 and not crashes:
        print(f'ok 1 {name}: {figures}')
        return 0
    print(f'not ok 1 {name}: {figures}, exit status {r.returncode}; log {log}')
    for line in text.splitlines()[-60:]:
        print('# ' + line)
    for c in crashes:
        print(f'# crash input: {c} (copy it to tests/fuzz/regressions/{args.target}/)')
    return 1


if __name__ == '__main__':
    sys.exit(main())
