#!/usr/bin/env python3
"""Drive the kernel's serial shell for real and print TAP.

Boots the kernel with an empty command line (so it lands in the shell),
waits for the "mm> " prompt, types commands into QEMU's serial port (its
stdin) and checks what comes back: each report's header and a plausible
value, allocations showing up in the reports, the allocator's own report
for a bad free with the shell still working, the editing keys, a refused
over-long line, the PS/2 keyboard (keys sent through the QEMU monitor),
poweroff ending QEMU through ACPI S5, and (a second boot) reboot.

  shell_test.py --kernel build/kernel.elf [--logdir DIR] [--timeout S]
                [--machine pc|q35] [--firmware bios|uefi] [--quick]
                [--module build/modules/x.ko ...]   (insmod/lsmod/rmmod checked
                                                     when sample_alloc.ko is given)
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OVMF = '/usr/share/ovmf/OVMF.fd'  # code and variables in one image, as runner.py
PROMPT = re.compile(rb'\n\r?mm> ')
ESCAPE = re.compile(r'\x1b\[[0-9;]*[A-Za-z]')


class Shell:
    """QEMU with the serial port on stdin/stdout; everything read is logged."""

    def __init__(self, cmd, log_path):
        self.log = open(log_path, 'wb')
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, bufsize=0)
        self.buf = b''
        self.pos = 0  # what expect() has consumed
        self.cond = threading.Condition()
        self.eof = False
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        while True:
            data = self.proc.stdout.read1(4096) if hasattr(self.proc.stdout, 'read1') \
                else os.read(self.proc.stdout.fileno(), 4096)
            with self.cond:
                if not data:
                    self.eof = True
                    self.cond.notify_all()
                    return
                self.log.write(data)
                self.log.flush()
                self.buf += data
                self.cond.notify_all()

    def expect(self, pattern, timeout):
        """Wait for @pattern after what was consumed; return the text before it."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                m = pattern.search(self.buf, self.pos)
                if m:
                    text = self.buf[self.pos:m.start()]
                    self.pos = m.end()
                    return clean(text)
                left = deadline - time.monotonic()
                if left <= 0 or self.eof:
                    return None
                self.cond.wait(left)

    def send(self, data):
        self.proc.stdin.write(data.encode('latin-1') if isinstance(data, str) else data)
        self.proc.stdin.flush()

    def run(self, line, timeout=60):
        """Type @line and Enter; return the output up to the next prompt (None: none came)."""
        self.send(line + '\r')
        return self.expect(PROMPT, timeout)

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.log.close()


def clean(raw):
    text = raw.decode('utf-8', 'replace').replace('\r', '')
    return ESCAPE.sub('', text)


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, name, output=None):
        self.n += 1
        if not ok:
            self.failed += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} - {name}", flush=True)
        if not ok and output is not None:
            for line in output.splitlines()[-25:]:
                print(f'# {line}')


def field(text, pattern):
    """The first integer group of @pattern in @text, or None."""
    m = re.search(pattern, text or '', re.M)
    return int(m.group(1), 0) if m else None


def slab_active(text, cache):
    return field(text, rf'^{re.escape(cache)}\s+(\d+)\s')


def address(text):
    m = re.search(r'= (0x[0-9a-f]+)', text or '')
    return m.group(1) if m else None


def check_reports(sh, tap):
    out = sh.run('help')
    tap.check(out is not None and all(c in out for c in (
        'kmalloc SIZE', 'kfree ADDR', 'translate', 'compare', 'poweroff', 'slabinfo')),
        'help lists the commands', out)
    out = sh.run('meminfo')
    tap.check((field(out, r'^MemTotal:\s+(\d+) kB') or 0) > 1000 and
              0 < (field(out, r'^MemFree:\s+(\d+) kB') or 0) <= field(out, r'^MemTotal:\s+(\d+)'),
              'meminfo: MemTotal and MemFree plausible', out)
    out = sh.run('buddyinfo')
    tap.check(out is not None and re.search(r'^Node 0, zone\s+DMA32?(\s+\d+){11}', out, re.M),
              'buddyinfo: a line per zone with 11 orders', out)
    out = sh.run('zoneinfo')
    tap.check((field(out, r'^\s+pages free\s+(\d+)') or 0) > 0 and 'managed' in out,
              'zoneinfo: pages free and managed', out)
    out = sh.run('slabinfo')
    tap.check(out is not None and 'slabinfo - version: 2.1' in out and
              slab_active(out, 'kmem_cache') is not None, 'slabinfo: header and kmem_cache', out)
    out = sh.run('vmallocinfo')
    tap.check(out is not None and re.search(r'^0x[0-9a-f]+-0x[0-9a-f]+\s+\d+ ', out, re.M),
              'vmallocinfo: an area line', out)
    out = sh.run('free')
    tap.check((field(out, r'^Mem:\s+(\d+)') or 0) > 1000, 'free: a Mem: total', out)
    out = sh.run('dmesg')
    tap.check(out is not None and 'Booting the mm kernel' in out, 'dmesg: the boot log', out)
    out = sh.run('memmap')
    tap.check(out is not None and 'BIOS-e820: [mem 0x' in out and 'MEMBLOCK configuration' in out
              and 'reserved.cnt' in out, 'memmap: firmware map and memblock', out)


def check_kmalloc(sh, tap):
    before = slab_active(sh.run('slabinfo'), 'kmalloc-128')
    out = sh.run('kmalloc 100')
    addr = address(out)
    tap.check(addr is not None and 'ksize = 128' in out, 'kmalloc 100 gives an address', out)
    after = slab_active(sh.run('slabinfo'), 'kmalloc-128')
    tap.check(before is not None and after == before + 1,
              f'slabinfo: kmalloc-128 active {before} -> {after}')
    if addr is None:
        return
    bad = hex(int(addr, 16) + 8)
    out = sh.run(f'kfree {bad}')
    tap.check(out is not None and 'BUG kmalloc-128' in out and 'Invalid object pointer' in out,
              'kfree of a bad address: the allocator\'s BUG report', out)
    out = sh.run(f'peek {addr} 16')
    tap.check(out is not None and re.search(rf'^{addr[2:]:0>16}: ', out, re.M),
              'the live object is still readable after the bad free', out)
    tap.check(slab_active(sh.run('slabinfo'), 'kmalloc-128') == after,
              'the bad free freed nothing')
    out = sh.run(f'kfree {addr}')
    tap.check(out is not None and 'BUG' not in out and 'returned' in out,
              'kfree of the object', out)
    tap.check(slab_active(sh.run('slabinfo'), 'kmalloc-128') == before,
              'slabinfo: kmalloc-128 back to where it was')


def check_vmalloc_pages(sh, tap):
    out = sh.run('vmalloc 64K')
    addr = address(out)
    tap.check(addr is not None, 'vmalloc 64K gives an address', out)
    info = sh.run('vmallocinfo')
    tap.check(addr is not None and re.search(rf'^{addr}-0x[0-9a-f]+\s+69632 ', info or '', re.M),
              'vmallocinfo shows the area (64 KiB + guard)', info)
    out = sh.run(f'vfree {addr}')
    tap.check(out is not None and 'WARNING' not in out, 'vfree of the area', out)
    out = sh.run(f'vfree {addr}')
    tap.check(out is not None and 'Trying to vfree() nonexistent vm area' in out,
              'vfree twice: the allocator\'s report', out)
    out = sh.run('alloc_pages 2 GFP_KERNEL|__GFP_ZERO')
    addr = address(out)
    tap.check(addr is not None and '__GFP_ZERO' in out, 'alloc_pages with flags by name', out)
    out = sh.run(f'peek {addr} 32')
    tap.check(out is not None and out.count('00 ' * 16) == 2, 'peek: the pages are zeroed', out)
    out = sh.run(f'translate {addr}')
    tap.check(out is not None and 'writable: yes, executable: no' in out and 'PML4E' in out,
              'translate: a page of the direct map is RW and NX', out)
    out = sh.run(f'free_pages {addr} 2')
    tap.check(out is not None and 'BUG' not in out and 'returned' in out, 'free_pages', out)


def check_modules(sh, tap):
    out = sh.run('insmod sample_alloc nr_objs=3')
    tap.check(out is not None and 'cache sample_alloc_obj: 3 objects' in out and 'ERROR' not in out,
              'insmod sample_alloc nr_objs=3', out)
    out = sh.run('lsmod')
    m = re.search(r'^sample_alloc\s+(\d+)\s+0\s+Live\s+(0x[0-9a-f]+)-0x[0-9a-f]+ GPL: ',
                  out or '', re.M)
    tap.check(m is not None and int(m.group(2), 16) >= 0xffffffffa0000000,
              'lsmod: size, users, state, range in the module area, license', out)
    info = sh.run('vmallocinfo')
    tap.check(m is not None and re.search(rf'^{m.group(2)}-0x[0-9a-f]+ .*_module\+', info or '',
                                          re.M),
              'vmallocinfo shows the module area, allocated by the loader', info)
    out = sh.run('insmod sample_alloc')
    tap.check(out is not None and 'could not insert module sample_alloc: File exists' in out,
              'insmod twice: File exists', out)
    out = sh.run('insmod bad_symbol')
    tap.check(out is not None and 'bad_symbol: Unknown symbol no_such_function (err -2)' in out,
              'insmod bad_symbol: Unknown symbol', out)
    out = sh.run('rmmod sample_alloc')
    tap.check(out is not None and 'everything freed' in out and 'ERROR' not in out,
              'rmmod sample_alloc', out)
    out = sh.run('rmmod sample_alloc')
    tap.check(out is not None and 'Module sample_alloc is not currently loaded' in out,
              'rmmod of a module not loaded', out)


def check_misuse(sh, tap):
    out = sh.run('translate start_kernel')
    tap.check(out is not None and 'writable: no, executable: yes' in out and 'PTE' in out,
              'translate start_kernel: kernel text is executable, not writable', out)
    out = sh.run('peek 0x10')
    tap.check(out is not None and 'not mapped' in out,
              'peek of an unmapped address is refused', out)
    out = sh.run('kmalloc 100 GFP_BOGUS')
    tap.check(out is not None and 'usage: kmalloc SIZE [FLAGS]' in out and '= 0x' not in out,
              'a bad flag name prints usage and allocates nothing', out)
    out = sh.run('free_pages 12')
    tap.check(out is not None and 'usage: free_pages ADDR ORDER' in out,
              'missing argument: usage', out)
    out = sh.run('frobnicate 1 2')
    tap.check(out is not None and "unknown command 'frobnicate'" in out and 'help' in out,
              'unknown command: hint to type help', out)
    out = sh.run('x' * 2000)
    tap.check(out is not None and 'line too long' in out, 'a 2,000-character line is refused', out)
    out = sh.run('free')
    tap.check(out is not None and 'Mem:' in out, 'the shell still works after all that', out)


def check_editing(sh, tap):
    out = sh.run('kmallox\x7fc 8')
    tap.check(out is not None and 'kmalloc(8, ' in out, 'backspace', out)
    out = sh.run('rubbish\x15free')
    tap.check(out is not None and 'Mem:' in out and 'unknown' not in out,
              'Ctrl-U kills the line', out)
    sh.send('rubbish\x03')
    out = sh.expect(PROMPT, 30)
    tap.check(out is not None and '^C' in out and 'unknown' not in out,
              'Ctrl-C cancels the line', out)
    out = sh.run('ree\x1b[D\x1b[D\x1b[Df')
    tap.check(out is not None and 'Mem:' in out, 'left arrow then insert', out)
    out = sh.run('\x1b[A\x1b[A')
    tap.check(out is not None and 'kmalloc(8, ' in out, 'history: up twice recalls kmalloc 8', out)
    out = sh.run('vmallocin\t')
    tap.check(out is not None and re.search(r'^0x[0-9a-f]+-0x', out, re.M),
              'tab completes vmallocinfo', out)


def check_keyboard(sh, tap, monitor):
    """Type on the emulated PS/2 keyboard through the QEMU monitor."""
    keys = ['shift-f', 'r', 'e', 'e', 'left', 'left', 'left', 'backspace', 'f', 'ret']
    try:
        mon = socket.socket(socket.AF_UNIX)
        mon.connect(monitor)
        for k in keys:
            mon.sendall(f'sendkey {k}\n'.encode())
            time.sleep(0.1)
        out = sh.expect(PROMPT, 30)
        mon.close()
    except OSError as e:
        out = f'monitor: {e}'
    tap.check(out is not None and 'Mem:' in out,
              'PS/2 keyboard: keys, Shift, arrow, backspace', out)


def check_slab_and_runners(sh, tap):
    out = sh.run('slab_create shelltest 40')
    tap.check(out is not None and 'done' in out, 'slab_create', out)
    out = sh.run('slab_alloc shelltest')
    addr = address(out)
    tap.check(addr is not None, 'slab_alloc', out)
    tap.check(slab_active(sh.run('slabinfo'), 'shelltest') == 1, 'slabinfo shows the new cache')
    out = sh.run(f'slab_free shelltest {addr}')
    tap.check(out is not None and 'BUG' not in out, 'slab_free', out)
    out = sh.run('slab_destroy shelltest')
    tap.check(out is not None and 'returned' in out and 'BUG' not in out, 'slab_destroy', out)
    out = sh.run('test shell', timeout=120)
    tap.check(out is not None and re.search(r'^ok \d+ shell$', out, re.M) and
              'test: ' in out and ' 0 failed' in out, 'test shell: KTAP, all passed', out)
    out = sh.run('stress 2', timeout=120)
    ok = out is not None and re.search(r'^stress: 1s: [1-9]\d* ops .* 0 corrupt$', out, re.M) \
        and re.search(r'^stress: done: \d+ ops, 0 corrupt; free pages (\d+) before, (\d+) after',
                      out, re.M)
    tap.check(bool(ok), 'stress 2: progress lines, nothing corrupted, all freed', out)
    out = sh.run('compare', timeout=300)
    ok = out is not None and re.search(r'^physically contiguous\s+yes\s+yes\s+no', out, re.M) \
        and re.search(r'^largest that succeeds\s+128 KiB\s+128 KiB\s+\d+ MiB', out, re.M)
    tap.check(bool(ok), 'compare: kmalloc contiguous up to 128 KiB, vmalloc scattered and larger',
              out)


def ends_qemu(sh, command):
    """Type @command; return its output if QEMU then exits, else None."""
    sh.send(command + '\r')
    try:
        sh.proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        return None
    with sh.cond:
        while not sh.eof:
            sh.cond.wait(5)
        return clean(sh.buf[sh.pos:])


def monitor_command(monitor, command):
    mon = socket.socket(socket.AF_UNIX)
    mon.connect(monitor)
    mon.sendall(command.encode() + b'\n')
    time.sleep(0.5)
    mon.close()


def check_screen(sh, tap, monitor, path):
    """After help, the screen (VGA text or framebuffer) shows the text too."""
    out = sh.run('help')
    lit = 0
    try:
        if os.path.exists(path):
            os.unlink(path)
        monitor_command(monitor, f'screendump {path}')
        for _ in range(50):
            if os.path.exists(path) and os.path.getsize(path) > 0:
                break
            time.sleep(0.2)
        time.sleep(0.5)
        with open(path, 'rb') as f:
            magic, dims, _maxval, pixels = f.read().split(b'\n', 3)
        width, height = map(int, dims.split())
        # Light grey text pixels (0xaa, 0xaa, 0xaa) in the bottom half: the help text.
        half = pixels[(height // 2) * width * 3:]
        lit = sum(1 for i in range(0, len(half) - 2, 3)
                  if half[i] == half[i + 1] == half[i + 2] and half[i] >= 0x80)
        why = f'{magic!r} {width}x{height}: {lit} light grey pixels in the bottom half'
    except (OSError, ValueError) as e:
        why = f'screendump: {e}'
    tap.check(out is not None and lit > 2000, 'the screen shows the shell too', why)


def qemu_command(args, iso, monitor):
    cmd = ['qemu-system-x86_64', '-accel', 'tcg', '-M', args.machine, '-m', args.memory,
           '-cpu', 'qemu64']
    if args.firmware == 'uefi':
        cmd += ['-bios', OVMF]
    return cmd + ['-cdrom', iso, '-boot', 'd', '-display', 'none', '-serial', 'stdio',
                  '-monitor', f'unix:{monitor},server,nowait', '-no-reboot',
                  '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04']


def full_session(sh, tap, monitor, args):
    for group in (check_reports, check_kmalloc, check_vmalloc_pages, check_misuse,
                  check_editing, check_slab_and_runners):
        group(sh, tap)
    if any(os.path.basename(m.partition('=')[0]) == 'sample_alloc.ko' for m in args.module):
        check_modules(sh, tap)
    check_keyboard(sh, tap, monitor)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--kernel', required=True)
    p.add_argument('--logdir', default='.')
    p.add_argument('--name', default='shell')
    p.add_argument('--machine', choices=('pc', 'q35'), default='pc')
    p.add_argument('--firmware', choices=('bios', 'uefi'), default='bios')
    p.add_argument('--memory', default='128M')
    p.add_argument('--quick', action='store_true',
                   help='only boot, the screen and poweroff (no reboot boot)')
    p.add_argument('--timeout', type=float, default=120, help='boot to first prompt, seconds')
    p.add_argument('--module', action='append', default=[], metavar='PATH[=NAME]',
                   help='loadable module on the ISO (mkiso.py --module; repeatable)')
    args = p.parse_args()
    os.makedirs(args.logdir, exist_ok=True)
    iso = os.path.join(args.logdir, f'{args.name}.iso')
    # A socket path must stay short (108 bytes): not under a deep build dir.
    sockdir = tempfile.mkdtemp(prefix='shell-test-')
    monitor = os.path.join(sockdir, 'monitor.sock')
    mkiso = [sys.executable, os.path.join(REPO, 'tools', 'mkiso.py'), '--kernel', args.kernel,
             '--output', iso, '--cmdline', '', '--timeout', '0']
    for module in args.module:
        mkiso += ['--module', module]
    subprocess.run(mkiso, check=True, stdin=subprocess.DEVNULL, capture_output=True)
    qemu = qemu_command(args, iso, monitor)
    log = os.path.join(args.logdir, f'{args.name}.serial.log')
    print('TAP version 13', flush=True)
    print(f'# serial log: {log}', flush=True)
    tap = Tap()
    sh = Shell(qemu, log)
    try:
        boot = sh.expect(re.compile(rb'mm> '), args.timeout)
        tap.check(boot is not None and 'Type \'help\'' in boot, 'boot lands in the shell prompt',
                  boot)
        if boot is not None:
            if not args.quick:
                full_session(sh, tap, monitor, args)
            check_screen(sh, tap, monitor, os.path.join(args.logdir, f'{args.name}.ppm'))
            out = ends_qemu(sh, 'poweroff')
            tap.check(out is not None and 'poweroff: ACPI S5: PM1a_CNT' in out,
                      'poweroff: ACPI S5 ends QEMU', out)
    finally:
        sh.close()
    if not args.quick:
        sh = Shell(qemu, log.replace('.serial.log', '-reboot.serial.log'))
        try:
            boot = sh.expect(re.compile(rb'mm> '), args.timeout)
            out = ends_qemu(sh, 'reboot') if boot is not None else None
            tap.check(out is not None and 'reboot: restarting system' in out,
                      'reboot resets the machine (QEMU -no-reboot exits)', out)
        finally:
            sh.close()
    shutil.rmtree(sockdir, ignore_errors=True)
    print(f'1..{tap.n}')
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())
