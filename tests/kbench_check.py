#!/usr/bin/env python3
"""Check that every benchmark runs and prints well-formed lines (TAP).

Boots the kernel with kbench=all (three rounds) and checks, without any
timing threshold, that DESIGN.md section 7's table is printed exactly:
every name with every size and loop count in each round, in the line
format `kbench: <name> size=<bytes> loops=<n> ns_per_op=<x> cycles_per_op=<y>`,
the `kbench: scale <kind> key=value...` lines of tests/kernel/bench_scale.c,
the lib/test_vmalloc.c-style `Summary:` lines, and the final
`kbench: done failures=0 total_ms=<ms>` line; QEMU must exit with 33.

Usage: kbench_check.py --kernel build/kernel.elf --logdir DIR [--memory 512M]
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runner  # noqa: E402  (the QEMU runner's process handling)

ROUNDS = 3
EXPECTED = {  # name -> {size: loops}, DESIGN.md section 7
    'kmalloc_pair': {8: 100000, 64: 100000, 256: 100000, 1024: 100000, 4096: 100000},
    'kmalloc_batch1000_alloc': {64: 100000, 256: 100000},
    'kmalloc_batch1000_free': {64: 100000, 256: 100000},
    'alloc_pages_order0': {4096: 100000},
    'alloc_pages_order3': {32768: 100000},
    'vmalloc_pair': {4096: 10000, 65536: 2000, 1048576: 200},
    'kzalloc_pair': {4096: 100000},
    'vzalloc_pair': {65536: 2000},
    'vmalloc_pair_15000_busy': {4096: 10000},
    # kbench=scale (tests/kernel/bench_scale.c)
    'vmalloc_pair_live1': {4096: 10000},
    'vmalloc_pair_live1000': {4096: 10000},
    'vmalloc_pair_live15000': {4096: 10000},
}
# "kbench: scale <kind> key=value ...": the keys of each kind, in order.
SCALE_KEYS = {
    'init': ['ram_bytes', 'init_us'],
    'struct_page': ['ram_bytes', 'memmap_bytes', 'overhead_pct'],
    'slab_mixed': ['objects', 'requested_bytes', 'slab_bytes', 'efficiency_pct'],
}
SCALE_PCT = {'overhead_pct', 'efficiency_pct'}  # two decimals; the rest integers
SUMMARIES = ['fix_size_alloc_test', 'full_fit_alloc_test', 'long_busy_list_alloc_test',
             'random_size_alloc_test', 'fix_align_alloc_test',
             'random_size_align_alloc_test', 'align_shift_alloc_test']
LINE = re.compile(r'^kbench: (\S+) size=(\d+) loops=(\d+) '
                  r'ns_per_op=(\d+\.\d\d) cycles_per_op=(\d+\.\d\d)$')
SUMMARY = re.compile(r'^Summary: (\S+) passed: \d+ failed: \d+ repeat: \d+ '
                     r'loops: \d+ avg: \d+ usec$')
SCALE = re.compile(r'^kbench: scale (\w+)((?: \w+=[\d.]+)+)$')
DONE = re.compile(r'^kbench: done failures=(\d+) total_ms=(\d+)$')


def scale_line_ok(kind, rest):
    """The keys in order, the number formats, and values that make sense:
    RAM and struct pages non-zero, no more bytes requested than slab pages
    taken (not timings: no thresholds on speed)."""
    pairs = [p.split('=', 1) for p in rest.split()]
    if kind not in SCALE_KEYS or [k for k, _ in pairs] != SCALE_KEYS[kind]:
        return False
    for k, v in pairs:
        if not re.fullmatch(r'\d+\.\d\d' if k in SCALE_PCT else r'\d+', v):
            return False
    v = {k: float(x) for k, x in pairs}
    if kind == 'init':
        return v['ram_bytes'] > 0 and v['init_us'] > 0
    if kind == 'struct_page':
        return v['memmap_bytes'] > 0 and 0 < v['overhead_pct'] < 100
    return 0 < v['requested_bytes'] <= v['slab_bytes'] and 0 < v['efficiency_pct'] <= 100


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--kernel', required=True)
    ap.add_argument('--logdir', required=True)
    ap.add_argument('--memory', default='512M')
    ap.add_argument('--name', default='kbench')
    args = ap.parse_args()
    os.makedirs(args.logdir, exist_ok=True)
    qargs = runner.parse_args(['--kernel', args.kernel, '--cmdline', 'kbench=all',
                               '--logdir', args.logdir, '--name', args.name, '--machine', 'pc',
                               '--memory', args.memory, '--smp', '1', '--cpu', 'qemu64'])
    iso = runner.build_iso(qargs)
    run = runner.QemuRun(runner.qemu_command(qargs, iso, os.path.join(
        args.logdir, f'{args.name}.qemu.log')), os.path.join(args.logdir,
        f'{args.name}.serial.log'), timeout=600, idle_timeout=180)
    seen, summaries, scale, done, bad = {}, {}, {}, None, []
    for raw in run.lines():
        line = runner.clean_line(raw).strip()
        m = LINE.match(line)
        if m:
            key = (m.group(1), int(m.group(2)), int(m.group(3)))
            seen[key] = seen.get(key, 0) + 1
            if float(m.group(4)) <= 0 or float(m.group(5)) <= 0:
                bad.append(line)
            continue
        m = SCALE.match(line)
        if m:
            if scale_line_ok(m.group(1), m.group(2)):
                scale[m.group(1)] = scale.get(m.group(1), 0) + 1
            else:
                bad.append(line)
            continue
        if line.startswith('kbench: ') and not line.startswith(('kbench: round', 'kbench: tsc')):
            d = DONE.match(line)
            if d:
                done = d
                run.expect_exit('kbench: done')
            else:
                bad.append(line)
        m = SUMMARY.match(line)
        if m:
            summaries[m.group(1)] = summaries.get(m.group(1), 0) + 1

    checks = []
    for name, sizes in EXPECTED.items():
        for size, loops in sizes.items():
            n = seen.get((name, size, loops), 0)
            checks.append((n == ROUNDS, f'{name} size={size} loops={loops}',
                           f'printed {n} times, expected {ROUNDS}'))
    for kind in SCALE_KEYS:
        n = scale.get(kind, 0)
        checks.append((n == ROUNDS, f'kbench: scale {kind}', f'printed {n} times, expected {ROUNDS}'))
    for name in SUMMARIES:
        n = summaries.get(name, 0)
        checks.append((n == ROUNDS, f'Summary: {name}', f'printed {n} times'))
    checks.append((not bad, 'every kbench line well formed', '; '.join(bad[:5])))
    checks.append((done is not None and done.group(1) == '0', 'kbench: done failures=0',
                   done.group(0) if done else 'no done line' + (f' ({run.hang})' if run.hang else '')))
    checks.append((run.returncode == 33, 'QEMU exit status 33', f'status {run.returncode}'))

    print('TAP version 13')
    for i, (ok, what, why) in enumerate(checks, 1):
        print(f'{"ok" if ok else "not ok"} {i} {what}')
        if not ok:
            print(f'# {why}')
    print(f'1..{len(checks)}')
    return 0 if all(ok for ok, _, _ in checks) else 1


if __name__ == '__main__':
    sys.exit(main())
